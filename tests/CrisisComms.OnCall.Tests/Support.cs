using System.Net;
using System.Text.Json;
using CrisisComms.Testing;
using CrisisComms.Testing.Infrastructure;
using Quartz;

namespace CrisisComms.OnCall.Tests;

/// <summary>Setting up people, rotas and policies through the admin API, as an admin would.</summary>
internal static class OnCallApi
{
    public static async Task<Guid> PersonAsync(this HttpClient client, string name, params object[] contactMethods) =>
        (await client.PostJsonAsync("/api/v1/oncall/people", new { name, email = $"{name.Replace(' ', '.').ToLowerInvariant()}@dcc.example", contactMethods })).Id();

    public static object Sandbox() => new { kind = "sandbox" };

    /// <summary>A rota whose layers each have the given members, handing over daily/weekly at 09:00 from a week ago.</summary>
    public static async Task<Guid> RotaAsync(this HttpClient client, DateTimeOffset now, params (string Name, string Rotation, Guid[] Members)[] layers)
    {
        var start = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-7);
        var body = new
        {
            name = "Comms duty rota",
            timeZone = "Europe/London",
            layers = layers.Select(l => new { name = l.Name, rotation = l.Rotation, startDate = start, handoverTime = "09:00", members = l.Members }).ToArray(),
        };
        return (await client.PostJsonAsync("/api/v1/oncall/rotas", body)).Id();
    }

    /// <summary>A policy whose levels page the given targets, routed to <paramref name="trigger"/>.</summary>
    public static async Task<Guid> PolicyAsync(this HttpClient client, string trigger, int repeatTimes, params (object[] Targets, int TimeoutSeconds)[] levels)
    {
        var policy = (await client.PostJsonAsync("/api/v1/oncall/policies", new
        {
            name = $"Policy for {trigger}",
            repeatTimes,
            levels = levels.Select(l => new { targets = l.Targets, timeoutSeconds = l.TimeoutSeconds }).ToArray(),
        })).Id();
        await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/oncall/routes/{trigger}", new { policyId = policy });
        return policy;
    }

    public static object Person(Guid id) => new { kind = "person", id };

    public static object Rota(Guid id, int layer) => new { kind = "rota", id, layer };

    public static async Task<JsonElement> EscalationOfAsync(this HttpClient client, Guid subjectId) =>
        (await client.GetJsonAsync($"/api/v1/oncall/escalations?subjectId={subjectId}")).EnumerateArray().Single();

    public static Task<JsonElement> EscalationDetailAsync(this HttpClient client, Guid escalationId) =>
        client.GetJsonAsync($"/api/v1/oncall/escalations/{escalationId}");

    public static async Task<List<JsonElement>> DeliveriesAsync(this HttpClient client) =>
        [.. (await client.GetJsonAsync("/api/v1/oncall/deliveries")).EnumerateArray()];

    public static async Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        return await client.SendAsync(request);
    }

    public static JobKey TimerOf(Guid escalationId, int step) => new($"escalation-{escalationId:N}-{step}", "crisiscomms-messages");

    public static HttpStatusCode Status(this HttpResponseMessage response) => response.StatusCode;
}

/// <summary>
/// Sends a copy of every request a pager transport makes to Prism, through a <see cref="PrismViolationGuard"/>,
/// then lets the request go on to the fake: every outbound payload is validated against the published spec,
/// while the fake plays the real API's behaviour (dedup, faults).
/// </summary>
internal sealed class PrismMirror(PrismFixture prism, PrismTraffic traffic) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var copy = new HttpRequestMessage(request.Method, new Uri(prism.BaseAddress, request.RequestUri!.PathAndQuery.TrimStart('/')));
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync(cancellationToken));
            foreach (var header in request.Content.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        using (var client = prism.CreateClient(new PrismViolationGuard(traffic) { ThrowOnViolation = false }))
        using (await client.SendAsync(copy, cancellationToken))
        {
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
