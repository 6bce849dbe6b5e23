using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Platform.Tests.Prism;

/// <summary>Prism on Twilio API 2010-04-01: sending an SMS.</summary>
public sealed class TwilioPrismTests(TwilioPrism prism) : IClassFixture<TwilioPrism>
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task A_form_post_to_messages_with_basic_auth_is_accepted()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        using var response = await http.SendAsync(SendSms(("To", "+15558675310"), ("From", "+15017122661"), ("Body", "Evacuate Zone 4 now.")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_message_without_to_is_refused_and_reported()
    {
        // Twilio's spec has no 422 response: Prism answers with its own problem+json and no sl-violations header.
        var guard = new PrismViolationGuard { ThrowOnViolation = false };
        using var http = prism.CreateClient(guard);

        using var response = await http.SendAsync(SendSms(("From", "+15017122661"), ("Body", "Evacuate Zone 4 now.")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var violation = Assert.Single(guard.Violations);
        Assert.Contains("required property 'To'", violation.Violations, StringComparison.Ordinal);
        Assert.Throws<PrismViolationException>(guard.AssertNoViolations);
    }

    private static HttpRequestMessage SendSms(params (string Name, string Value)[] fields) =>
        new(HttpMethod.Post, $"2010-04-01/Accounts/{AccountSid}/Messages.json")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{AccountSid}:auth-token"))) },
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
}
