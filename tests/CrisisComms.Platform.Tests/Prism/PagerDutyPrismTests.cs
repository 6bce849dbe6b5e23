using System.Net;
using System.Text;
using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Platform.Tests.Prism;

/// <summary>Prism on PagerDuty Events API v2: triggering an incident.</summary>
public sealed class PagerDutyPrismTests(PagerDutyPrism prism) : IClassFixture<PagerDutyPrism>
{
    [Fact]
    public async Task A_trigger_event_is_accepted()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        using var response = await http.PostAsync("enqueue", Json(Trigger("critical")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_trigger_with_an_unknown_severity_is_refused_and_reported()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        await Assert.ThrowsAsync<PrismViolationException>(() => http.PostAsync("enqueue", Json(Trigger("catastrophic"))));

        // The spec defines 400 and no 422, so Prism refuses with 400.
        var violation = Assert.Single(guard.Violations);
        Assert.Equal(HttpStatusCode.BadRequest, violation.Status);
        Assert.Contains("payload.severity", violation.Violations, StringComparison.Ordinal);
    }

    private static string Trigger(string severity) =>
        $$$"""
        {"routing_key":"e93facc04764012d7bfb002500d5d1a6","event_action":"trigger","dedup_key":"incident-42",
         "payload":{"summary":"Flood warning for Zone 4","source":"crisiscomms","severity":"{{{severity}}}"}}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
