using System.Net;
using System.Text.Json;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Triage;
using CrisisComms.OnCall.Paging.Transports;
using CrisisComms.Platform.Signatures;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>
/// Pages out to PagerDuty, Opsgenie and a signed webhook, against fakes of those APIs, with every request
/// also checked by Prism against the published specs (../shared/specs/pagerduty, opsgenie).
/// </summary>
public sealed class PagerTests(PagerDutyPrism pagerDutyPrism, OpsgeniePrism opsgeniePrism)
    : IClassFixture<PagerDutyPrism>, IClassFixture<OpsgeniePrism>, IAsyncLifetime
{
    private const string RoutingKey = "e93facc04764012d7bfb002500d5d1a6";
    private const string UnknownRoutingKey = "00000000000000000000000000000bad";
    private const string GenieKey = "eb243592-faa2-4ba2-a551-1afdf565c889";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly PrismTraffic _traffic = new();
    private readonly CapturedLogs _logs = new();
    private FakePagerDutyApi _pagerDuty = null!;
    private FakeOpsgenieApi _opsgenie = null!;
    private WebhookReceiver _receiver = null!;
    private ServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _pagerDuty = await FakePagerDutyApi.StartAsync(RoutingKey);
        _opsgenie = await FakeOpsgenieApi.StartAsync(GenieKey);
        _receiver = await WebhookReceiver.StartAsync();
        _host = await ServiceHost.StartAsync(o =>
        {
            o.BusTestHarness = true;
            o.Logs = _logs;
            o.Settings["CrisisComms:OnCall:PagerDutyEventsUrl"] = _pagerDuty.BaseAddress.ToString();
            o.Settings["CrisisComms:OnCall:OpsgenieUrl"] = _opsgenie.BaseAddress.ToString();
            o.Settings["CrisisComms:OnCall:RetryBase"] = "00:00:00.100";
            o.Settings["CrisisComms:OnCall:RetryCap"] = "00:00:01";
            o.Settings["CrisisComms:OnCall:MaxAttempts"] = "4";
            o.Settings["CrisisComms:OnCall:CallTimeout"] = "00:00:05";
            o.Settings["CrisisComms:OnCall:PublicBaseUrl"] = "https://crisiscomms.dcc.example/";
            o.ConfigureServices = services =>
            {
                services.AddHttpClient<PagerDutyTransport>().AddHttpMessageHandler(() => new PrismMirror(pagerDutyPrism, _traffic));
                services.AddHttpClient<OpsgenieTransport>().AddHttpMessageHandler(() => new PrismMirror(opsgeniePrism, _traffic));
            };
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _pagerDuty.DisposeAsync();
        await _opsgenie.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private HttpClient Client => _host.Client;

    [Fact]
    public async Task Ten_breaches_of_one_item_are_one_PagerDuty_alert_keyed_by_the_item_and_the_acknowledgement_and_resolution_follow_it()
    {
        var ann = await Client.PersonAsync("Ann Duty", new { kind = "pagerduty", routingKey = RoutingKey });
        await Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 300));
        var item = Guid.NewGuid();
        var consumed = ConsumeCounter.On(_host.Harness.Bus);

        for (var i = 0; i < 10; i++)
        {
            await _host.Harness.Bus.Publish(new SlaBreached(item, null, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        }

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<SlaBreached>() >= 10), Patience, "breaches consumed");
        Assert.True(await _host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item));
        var alert = Assert.Single(_pagerDuty.Alerts);
        Assert.Equal(item.ToString(), alert.DedupKey);
        Assert.Equal(1, alert.Triggers);
        Assert.Equal("critical", Assert.Single(_pagerDuty.Events).Severity);

        var escalation = await Client.EscalationOfAsync(item);
        await Client.PostJsonAsync($"/api/v1/oncall/escalations/{escalation.Id()}/acknowledge", new { }, HttpStatusCode.OK);
        await Eventually.TrueAsync(() => Task.FromResult(alert.Status == "acknowledged"), Patience, "PagerDuty alert acknowledged");
        await Client.PostJsonAsync($"/api/v1/oncall/escalations/{escalation.Id()}/resolve", new { reason = "answered" }, HttpStatusCode.OK);
        await Eventually.TrueAsync(() => Task.FromResult(alert.Status == "resolved"), Patience, "PagerDuty alert resolved");

        Assert.Equal(["trigger", "acknowledge", "resolve"], _pagerDuty.Events.Select(e => e.Action));
        Assert.Equal(3, _traffic.Exchanges.Count);
        _traffic.AssertNoViolations();
        Assert.Empty(_pagerDuty.Violations);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(RoutingKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_retried_honouring_Retry_After()
    {
        var ann = await Client.PersonAsync("Ann Duty", new { kind = "pagerduty", routingKey = RoutingKey });
        await Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 300));
        _pagerDuty.Faults.RateLimitNext(1, TimeSpan.FromSeconds(1));
        var item = Guid.NewGuid();

        await _host.Harness.Bus.Publish(new SlaBreached(item, null, "High", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        Assert.True(await _host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item));
        var delivery = Assert.Single(await Client.DeliveriesAsync());
        Assert.Equal("delivered", delivery.Text("status"));
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());

        _pagerDuty.Faults.FailNext(2, 503);
        var second = Guid.NewGuid();
        await _host.Harness.Bus.Publish(new SlaBreached(second, null, "High", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        Assert.True(await _host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == second));
        var retried = (await Client.DeliveriesAsync()).First(d => d.Text("title").Contains("High", StringComparison.Ordinal) && d.GetProperty("attempts").GetInt32() == 3);
        Assert.Equal("delivered", retried.Text("status"));
        _traffic.AssertNoViolations();
    }

    [Fact]
    public async Task A_refusal_is_not_retried_is_announced_as_undeliverable_and_the_next_level_is_paged_at_once()
    {
        var ann = await Client.PersonAsync("Ann Duty", new { kind = "pagerduty", routingKey = UnknownRoutingKey });
        var ben = await Client.PersonAsync("Ben Backup", OnCallApi.Sandbox());
        await Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 3600), ([OnCallApi.Person(ben)], 3600));
        var item = Guid.NewGuid();

        await _host.Harness.Bus.Publish(new SlaBreached(item, null, "High", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        Assert.True(await _host.Harness.Published.Any<PageDeliveryFailed>(m => m.Context.Message.SubjectId == item && m.Context.Message.Error.Contains("400", StringComparison.Ordinal)));
        Assert.True(await _host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item && m.Context.Message.Recipient == "Ben Backup"));
        var failed = (await Client.DeliveriesAsync()).Single(d => d.Text("kind") == "pagerduty");
        Assert.Equal("failed", failed.Text("status"));
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        var pages = await Client.GetJsonAsync("/api/v1/oncall/pages?status=failed");
        Assert.Contains(pages.EnumerateArray(), p => p.Text("recipient") == "Ann Duty");
        _traffic.AssertNoViolations();
    }

    [Fact]
    public async Task Network_errors_are_retried_then_given_up_and_announced()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort.Next()}/hook");
        var ann = await Client.PersonAsync("Ann Duty", new { kind = "webhook", address = closed.ToString(), secrets = new[] { "whsec-0123456789abcdef" } });
        await Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 3600));
        var item = Guid.NewGuid();

        await _host.Harness.Bus.Publish(new SlaBreached(item, null, "Low", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        Assert.True(await _host.Harness.Published.Any<PageDeliveryFailed>(m => m.Context.Message.SubjectId == item));
        var delivery = Assert.Single(await Client.DeliveriesAsync());
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.StartsWith("gave up after 4 attempts: network", delivery.Text("lastError"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opsgenie_gets_one_alert_by_alias_with_the_priority_and_is_acknowledged_by_alias()
    {
        var ann = await Client.PersonAsync("Ann Duty", new { kind = "opsgenie", apiKey = GenieKey, address = "ann@dcc.example" });
        await Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 300));
        var item = Guid.NewGuid();

        await _host.Harness.Bus.Publish(new LifeSafetyDetected(item, Guid.NewGuid(), null, "x", "Trapped on the roof at 3 Quay Lane, water rising", ["trapped"], DateTimeOffset.UtcNow));
        await _host.Harness.Bus.Publish(new SlaBreached(item, null, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        Assert.True(await _host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item));
        var alert = Assert.Single(_opsgenie.Alerts);
        Assert.Equal(item.ToString(), alert.Alias);
        Assert.Equal("P1", alert.Priority);
        Assert.Equal("ann@dcc.example", alert.Responder);
        Assert.True(alert.Message.Length <= 130);

        var escalation = await Client.EscalationOfAsync(item);
        await Client.PostJsonAsync($"/api/v1/oncall/escalations/{escalation.Id()}/acknowledge", new { by = "Ann Duty" }, HttpStatusCode.OK);
        await Eventually.TrueAsync(() => Task.FromResult(alert.Acknowledged), Patience, "Opsgenie alert acknowledged");
        Assert.Equal(1, alert.Count);
        Assert.True(_traffic.Exchanges.Count >= 2);
        _traffic.AssertNoViolations();
        Assert.Empty(_opsgenie.Violations);
    }

    [Fact]
    public async Task A_webhook_page_is_signed_with_every_current_secret_and_its_link_acknowledges_only_on_POST()
    {
        string[] secrets = ["whsec-new-0123456789abcdef", "whsec-old-0123456789abcdef"];
        var ann = await Client.PersonAsync("Ann Duty", new { kind = "webhook", address = new Uri(_receiver.BaseAddress, "pager").ToString(), secrets });
        await Client.PolicyAsync("default", 0, ([OnCallApi.Person(ann)], 300));
        var item = Guid.NewGuid();

        await _host.Harness.Bus.Publish(new SlaBreached(item, null, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));

        var received = await Eventually.GetAsync(() => Task.FromResult(_receiver.Received.ToList()), r => r.Count >= 1, Patience, "webhook received");
        var (headers, body) = received[0];
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(body, headers[WebhookSignature.HeaderName], [secrets[0]], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(body, headers[WebhookSignature.HeaderName], [secrets[1]], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(string.IsNullOrEmpty(headers["Idempotency-Key"]));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("page.triggered", json.RootElement.GetProperty("type").GetString());
        var link = new Uri(json.RootElement.GetProperty("acknowledgeUrl").GetString()!);
        Assert.Equal("crisiscomms.dcc.example", link.Host);

        // A link preview (GET) acknowledges nothing.
        using (var preview = await _host.AnonymousClient.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            Assert.Contains("<form method=\"post\">", await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("Open", (await Client.EscalationOfAsync(item)).Text("status"));
        using (var confirm = await _host.AnonymousClient.PostAsync(new Uri(link.PathAndQuery, UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        }

        var escalation = await Client.EscalationOfAsync(item);
        Assert.Equal("Acknowledged", escalation.Text("status"));
        Assert.Equal("link", escalation.Text("acknowledgedVia"));
        Assert.True(await _host.Harness.Published.Any<PageAcknowledged>(m => m.Context.Message.SubjectId == item && m.Context.Message.Via == "link"));
        await Eventually.TrueAsync(() => Task.FromResult(_receiver.Received.Any(r => Encoding(r.Body).Contains("page.acknowledged", StringComparison.Ordinal))), Patience, "acknowledged webhook");

        // A forged or altered link does nothing.
        using var forged = await _host.AnonymousClient.PostAsync(new Uri(link.AbsolutePath[..^4] + "AAAA", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Gone, forged.StatusCode);
    }

    private static string Encoding(byte[] body) => System.Text.Encoding.UTF8.GetString(body);

    /// <summary>A partner's pager endpoint: keeps what it receives.</summary>
    private sealed class WebhookReceiver : FakeApi
    {
        public System.Collections.Concurrent.ConcurrentQueue<(Dictionary<string, string> Headers, byte[] Body)> Received { get; } = new();

        public static async Task<WebhookReceiver> StartAsync()
        {
            var receiver = new WebhookReceiver();
            await receiver.StartServerAsync();
            return receiver;
        }

        protected override void Map(WebApplication app) => app.MapPost("/pager", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            Received.Enqueue((context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), buffer.ToArray()));
            return Results.NoContent();
        });
    }
}
