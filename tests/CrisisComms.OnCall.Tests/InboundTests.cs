using System.Net;
using System.Text;
using System.Text.Json;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Signatures;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>PagerDuty v3 webhooks coming back: signature on the raw body (the published vectors), size limit, replays.</summary>
public sealed class InboundTests : HostedTest
{
    private const string Path = "/api/v1/oncall/webhooks/pagerduty";

    protected override void Configure(ServiceHostOptions options) =>
        options.Settings["CrisisComms:OnCall:MaxWebhookBytes"] = "4096";

    [Fact]
    public async Task The_published_vector_is_accepted_and_its_negative_refused()
    {
        var vector = PagerDutyVector();
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/oncall/integrations/pagerduty", new { webhookSecrets = new[] { "another-secret-0123456789", vector.Secret } });

        using var accepted = await PostAsync(vector.Body, vector.Header);
        using var refused = await PostAsync(vector.Body, vector.Negative);
        using var unsigned = await PostAsync(vector.Body, null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_parsed()
    {
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/oncall/integrations/pagerduty", new { webhookSecrets = new[] { "secret-0123456789abcdef" } });
        var body = Encoding.UTF8.GetBytes("{\"event\":{\"id\":\"x\",\"padding\":\"" + new string('a', 5000) + "\"}}");

        using var response = await PostAsync(body, PagerDutySignature.Compute(body, "secret-0123456789abcdef"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_acknowledgement_from_PagerDuty_stops_the_escalation_once_and_a_replay_is_ignored()
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        await Host.Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 300));
        var item = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new SlaBreached(item, null, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item));
        // Rotation: PagerDuty signs with the new secret; both are accepted.
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/oncall/integrations/pagerduty", new { webhookSecrets = new[] { "new-secret-0123456789abcdef", "old-secret-0123456789abcdef" } });
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            @event = new
            {
                id = "01DEN0AZ5R6MXA1W9KQP3ZMCAW",
                event_type = "incident.acknowledged",
                resource_type = "incident",
                occurred_at = DateTimeOffset.UtcNow,
                agent = new { id = "PLH1HKV", summary = "Olu Officer", type = "user_reference" },
                data = new { id = "PGR0VU2", type = "incident", status = "acknowledged", incident_key = item.ToString(), title = "Critical triage item" },
            },
        }));
        var header = $"{PagerDutySignature.Compute(body, "new-secret-0123456789abcdef")},{PagerDutySignature.Compute(body, "old-secret-0123456789abcdef")}";

        using var first = await PostAsync(body, header);
        using var replay = await PostAsync(body, header);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Contains("\"acknowledged\"", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("replay ignored", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var escalation = await Host.Client.EscalationOfAsync(item);
        Assert.Equal("Acknowledged", escalation.Text("status"));
        Assert.Equal("Olu Officer", escalation.Text("acknowledgedBy"));
        Assert.Equal("pagerduty", escalation.Text("acknowledgedVia"));
        Assert.True(await Host.Harness.Published.Any<PageAcknowledged>(m => m.Context.Message.SubjectId == item && m.Context.Message.Via == "pagerduty"));
        var acknowledgements = await Host.Client.GetJsonAsync("/api/v1/oncall/acknowledgements");
        Assert.Single(acknowledgements.EnumerateArray(), a => a.Id("escalationId") == escalation.Id());
    }

    [Fact]
    public async Task An_acknowledgement_from_Opsgenie_with_the_shared_token_stops_the_escalation_and_one_without_is_refused()
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        await Host.Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 300));
        var item = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new SlaBreached(item, null, "High", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item));
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/oncall/integrations/opsgenie", new { webhookSecrets = new[] { "og-token-0123456789abcdef" } });
        var body = JsonSerializer.Serialize(new { action = "Acknowledge", alert = new { alertId = "70413a06-38d6-4c85-92b8-5ebc900d42e2", alias = item.ToString(), username = "ann@dcc.example" }, source = new { name = "iOS", type = "mobile" } });

        using var forged = await PostOpsgenieAsync(body, "wrong-token-0123456789");
        using var accepted = await PostOpsgenieAsync(body, "og-token-0123456789abcdef");

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var escalation = await Host.Client.EscalationOfAsync(item);
        Assert.Equal("Acknowledged", escalation.Text("status"));
        Assert.Equal("opsgenie", escalation.Text("acknowledgedVia"));
    }

    private async Task<HttpResponseMessage> PostOpsgenieAsync(string body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/oncall/webhooks/opsgenie") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-CrisisComms-Webhook-Token", token);
        return await Host.AnonymousClient.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(byte[] body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(PagerDutySignature.HeaderName, signature);
        }

        return await Host.AnonymousClient.SendAsync(request);
    }

    private static (string Secret, byte[] Body, string Header, string Negative) PagerDutyVector()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "webhooks", "webhook-signature-vectors.json")));
        var v = document.RootElement.GetProperty("vectors").EnumerateArray().Single(x => x.GetProperty("id").GetString() == "pagerduty-webhook-v3");
        return (v.GetProperty("secret").GetString()!, Encoding.UTF8.GetBytes(v.GetProperty("raw_body").GetString()!), v.GetProperty("expected_header").GetString()!, v.GetProperty("negative_header").GetString()!);
    }
}
