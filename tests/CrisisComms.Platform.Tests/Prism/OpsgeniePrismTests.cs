using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Platform.Tests.Prism;

/// <summary>Prism on Opsgenie REST API 2.0 (with JSON bodies declared): creating an alert.</summary>
public sealed class OpsgeniePrismTests(OpsgeniePrism prism) : IClassFixture<OpsgeniePrism>
{
    [Fact]
    public async Task An_alert_with_a_genie_key_is_accepted()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        using var response = await http.SendAsync(CreateAlert("""{"message":"Flood warning for Zone 4","alias":"incident-42","priority":"P1","tags":["flood"]}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        guard.AssertNoViolations();
    }

    [Fact]
    public async Task An_alert_without_a_message_is_refused_and_reported()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        await Assert.ThrowsAsync<PrismViolationException>(() => http.SendAsync(CreateAlert("""{"alias":"incident-42","priority":"P1"}""")));

        var violation = Assert.Single(guard.Violations);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, violation.Status);
        Assert.Contains("required property 'message'", violation.Violations, StringComparison.Ordinal);
    }

    private static HttpRequestMessage CreateAlert(string json) => new(HttpMethod.Post, "v2/alerts")
    {
        Headers = { Authorization = new AuthenticationHeaderValue("GenieKey", "eb243592-faa2-4ba2-a551-1afdf565c889") },
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };
}
