using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Platform.Tests.Prism;

/// <summary>Prism on X API v2 with the OAuth 1.0a overlay: POST /2/tweets.</summary>
public sealed class XPrismTests(XOAuth1Prism prism) : IClassFixture<XOAuth1Prism>
{
    // X's documented example header: Prism checks that it is there, not the signature.
    private const string OAuth1 =
        "oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", " +
        "oauth_signature=\"tnnArxj06cWHq44gCs1OSKk%2FjY0%3D\", oauth_signature_method=\"HMAC-SHA1\", " +
        "oauth_timestamp=\"1318622958\", oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"";

    [Fact]
    public async Task A_signed_post_with_a_valid_body_is_accepted()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        using var response = await http.SendAsync(Post("""{"text":"Shelter-in-place lifted for Zone 4.","reply":{"in_reply_to_tweet_id":"1346889436626259968"}}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        guard.AssertNoViolations();
        Assert.Single(guard.Exchanges);
    }

    [Fact]
    public async Task A_post_with_an_unknown_field_is_refused_and_reported()
    {
        var guard = new PrismViolationGuard();
        using var http = prism.CreateClient(guard);

        var refused = await Assert.ThrowsAsync<PrismViolationException>(() => http.SendAsync(Post("""{"txt":"typo in field name"}""")));

        var violation = Assert.Single(guard.Violations);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, violation.Status);
        Assert.Contains("found 'txt'", violation.Violations, StringComparison.Ordinal);
        Assert.Contains("POST http://127.0.0.1:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("""{"txt":"typo in field name"}""", refused.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Post(string json) => new(HttpMethod.Post, "2/tweets")
    {
        Headers = { Authorization = new AuthenticationHeaderValue("OAuth", OAuth1) },
        Content = new StringContent(json, Encoding.UTF8, "application/json"),
    };
}
