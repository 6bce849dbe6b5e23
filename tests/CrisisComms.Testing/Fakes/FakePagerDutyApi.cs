using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>One event as PagerDuty received it.</summary>
public sealed record FakePagerDutyEvent(string RoutingKey, string Action, string DedupKey, string? Summary, string? Severity, string Body);

/// <summary>An alert as PagerDuty keeps it: one per (routing key, dedup key) while open.</summary>
public sealed class FakePagerDutyAlert
{
    public required string RoutingKey { get; init; }

    public required string DedupKey { get; init; }

    public string Status { get; internal set; } = "triggered";

    public int Triggers { get; internal set; }

    public string? Summary { get; internal set; }
}

/// <summary>
/// PagerDuty Events API v2 (<c>POST /v2/enqueue</c>, also at <c>/enqueue</c> as the spec's paths are written):
/// checks the fields the spec requires (routing_key, event_action, a payload with summary, source and a known
/// severity for a trigger; dedup_key for acknowledge and resolve), answers 202/400 as PagerDuty does, and
/// dedupes triggers by dedup_key into one alert. Faults: 429 with Retry-After, 5xx, dropped answers.
/// </summary>
public sealed class FakePagerDutyApi : FakeApi
{
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];
    private readonly ConcurrentQueue<FakePagerDutyEvent> _events = new();
    private readonly ConcurrentDictionary<(string, string), FakePagerDutyAlert> _alerts = new();

    private FakePagerDutyApi()
    {
    }

    /// <summary>Routing keys of integrations that exist; others get 400 as an unknown key does.</summary>
    public HashSet<string> RoutingKeys { get; } = [];

    public IReadOnlyList<FakePagerDutyEvent> Events => [.. _events];

    public IReadOnlyList<FakePagerDutyAlert> Alerts => [.. _alerts.Values];

    public static async Task<FakePagerDutyApi> StartAsync(params string[] routingKeys)
    {
        var fake = new FakePagerDutyApi();
        fake.RoutingKeys.UnionWith(routingKeys);
        await fake.StartServerAsync();
        return fake;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v2/enqueue", (Delegate)EnqueueAsync);
        app.MapPost("/enqueue", (Delegate)EnqueueAsync);
    }

    private async Task<IResult> EnqueueAsync(HttpContext context)
    {
        if (Fault(context, reset => RateLimited(context, reset)) is { } fault)
        {
            return fault;
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Invalid("JSON parse error");
        }

        var routingKey = String(root, "routing_key");
        var action = String(root, "event_action");
        var dedup = String(root, "dedup_key");
        if (routingKey is null)
        {
            return Invalid("'routing_key' is missing or blank");
        }

        if (!RoutingKeys.Contains(routingKey))
        {
            return Invalid("Invalid routing key");
        }

        if (action is not ("trigger" or "acknowledge" or "resolve"))
        {
            Violation($"event_action '{action}'");
            return Invalid("'event_action' is invalid (must be one of trigger, acknowledge, resolve)");
        }

        string? summary = null;
        string? severity = null;
        if (action == "trigger")
        {
            if (!root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                Violation("trigger without payload");
                return Invalid("'payload' is missing");
            }

            summary = String(payload, "summary");
            severity = String(payload, "severity");
            if (summary is null || String(payload, "source") is null || severity is null || !Severities.Contains(severity))
            {
                Violation($"payload: summary '{summary}', severity '{severity}'");
                return Invalid("'payload' needs summary, source and severity (critical, error, warning, info)");
            }

            if (summary.Length > 1024)
            {
                Violation("payload.summary longer than 1024");
            }
        }
        else if (dedup is null)
        {
            Violation($"{action} without dedup_key");
            return Invalid("'dedup_key' is required for acknowledge and resolve");
        }

        dedup ??= Guid.NewGuid().ToString("N");
        _events.Enqueue(new FakePagerDutyEvent(routingKey, action, dedup, summary, severity, text));
        var key = (routingKey, dedup);
        switch (action)
        {
            case "trigger":
                var alert = _alerts.AddOrUpdate(key, _ => new FakePagerDutyAlert { RoutingKey = routingKey, DedupKey = dedup }, (_, a) => a.Status == "resolved" ? new FakePagerDutyAlert { RoutingKey = routingKey, DedupKey = dedup } : a);
                alert.Triggers++;
                alert.Summary ??= summary;
                break;
            case "acknowledge" when _alerts.TryGetValue(key, out var open) && open.Status == "triggered":
                open.Status = "acknowledged";
                break;
            case "resolve" when _alerts.TryGetValue(key, out var any):
                any.Status = "resolved";
                break;
        }

        return Answer(context, Results.Json(new { status = "success", message = "Event processed", dedup_key = dedup }, statusCode: StatusCodes.Status202Accepted));
    }

    private static IResult RateLimited(HttpContext context, TimeSpan reset)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(reset.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new { status = "throttle exceeded", message = "Requests for this service are arriving too quickly. Please retry later." }, statusCode: StatusCodes.Status429TooManyRequests);
    }

    private static IResult Invalid(string error) =>
        Results.Json(new { status = "invalid event", message = "Event object is invalid", errors = new[] { error } }, statusCode: StatusCodes.Status400BadRequest);

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
}
