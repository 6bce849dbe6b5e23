using System.Text.Json;
using CrisisComms.Platform.Signatures;
using Xunit;

namespace CrisisComms.Platform.Tests.Signatures;

/// <summary><c>X-Twilio-Signature</c> against the twilio-* entries of <c>specs/webhooks/webhook-signature-vectors.json</c>.</summary>
public sealed class TwilioSignatureTests
{
    public static TheoryData<string> FormVectors => SignatureVectors.WebhookIds(v => IsTwilio(v) && v.Has("url"));

    public static TheoryData<string> PortVectors => SignatureVectors.WebhookIds(v => IsTwilio(v) && v.Has("signed_url"));

    public static TheoryData<string> JsonBodyVectors => SignatureVectors.WebhookIds(v => IsTwilio(v) && v.Has("url_with_bodySHA256"));

    [Theory]
    [MemberData(nameof(FormVectors))]
    public void A_form_post_signs_and_validates_like_the_vector(string id)
    {
        var vector = SignatureVectors.Webhook(id);
        var (token, url, form) = (vector.String("auth_token"), vector.String("url"), Form(vector));
        var signature = vector.String("expected_signature");

        Assert.Equal(vector.String("expected_string_to_sign"), TwilioSignature.StringToSign(url, form));
        Assert.Equal(signature, TwilioSignature.Compute(token, url, form));
        Assert.True(TwilioSignature.IsValid(token, url, form, signature));
        Assert.False(TwilioSignature.IsValid(token, url, [.. form, new("Digits", "9")], signature));
        Assert.False(TwilioSignature.IsValid(token, url.Replace("foo=1", "foo=2", StringComparison.Ordinal), form, signature));
        Assert.False(TwilioSignature.IsValid(token + "6", url, form, signature));
    }

    [Theory]
    [MemberData(nameof(PortVectors))]
    public void A_signature_over_a_url_with_a_port_validates_like_the_vector(string id)
    {
        var vector = SignatureVectors.Webhook(id);
        var (token, signedUrl, form) = (vector.String("auth_token"), vector.String("signed_url"), Form(vector));
        var signature = vector.String("expected_signature");
        var signed = new Uri(signedUrl);
        var portless = signedUrl.Replace($":{signed.Port}/", "/", StringComparison.Ordinal);

        Assert.Equal(signature, TwilioSignature.Compute(token, signedUrl, form));
        Assert.True(TwilioSignature.IsValid(token, signedUrl, form, signature));
        // Only the scheme's default port is interchangeable with no port at all.
        Assert.Equal(signed.IsDefaultPort, TwilioSignature.IsValid(token, portless, form, signature));
        // Like Twilio's own validators, the URL as received is also checked with its port stripped.
        Assert.True(TwilioSignature.IsValid(token, signedUrl, form, TwilioSignature.Compute(token, portless, form)));
    }

    [Theory]
    [MemberData(nameof(JsonBodyVectors))]
    public void A_json_body_is_checked_through_its_bodySHA256_like_the_vector(string id)
    {
        var vector = SignatureVectors.Webhook(id);
        var (token, url, body) = (vector.String("auth_token"), vector.String("url_with_bodySHA256"), vector.Utf8("body"));
        var signature = vector.String("expected_signature");

        Assert.Equal(vector.String("expected_bodySHA256"), TwilioSignature.BodySha256(body));
        Assert.Equal(signature, TwilioSignature.Compute(token, url, null));
        Assert.True(TwilioSignature.IsValidJson(token, url, body, signature));
        Assert.False(TwilioSignature.IsValidJson(token, url, [.. body, (byte)' '], signature));
        var withoutHash = url[..url.IndexOf("&bodySHA256=", StringComparison.Ordinal)];
        Assert.False(TwilioSignature.IsValidJson(token, withoutHash, body, TwilioSignature.Compute(token, withoutHash, null)));
    }

    [Fact]
    public void Every_twilio_vector_is_exercised()
    {
        var all = SignatureVectors.WebhookIds(IsTwilio).Names();
        var covered = new[] { FormVectors, PortVectors, JsonBodyVectors }.SelectMany(ids => ids.Names()).ToHashSet();

        Assert.NotEmpty(all);
        Assert.Subset(covered, all.ToHashSet());
    }

    [Theory]
    [InlineData("https://h.example/cb?x=1", new[] { "https://h.example/cb?x=1", "https://h.example:443/cb?x=1" })]
    [InlineData("http://h.example:80/cb", new[] { "http://h.example/cb", "http://h.example:80/cb" })]
    [InlineData("https://user:pa:ss@h.example:8443", new[] { "https://user:pa:ss@h.example", "https://user:pa:ss@h.example:8443" })]
    [InlineData("https://[::1]:8443/cb#f", new[] { "https://[::1]/cb#f", "https://[::1]:8443/cb#f" })]
    [InlineData("https://[::1]/cb", new[] { "https://[::1]/cb", "https://[::1]:443/cb" })]
    [InlineData("not a url", new[] { "not a url" })]
    public void Port_variants_change_only_the_port(string url, string[] variants) =>
        Assert.Equal(variants, TwilioSignature.PortVariants(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!!!!!!!!!!!")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDg==")]
    [InlineData("0/KCTR6DLpKmkAf8muzZqo1nDgQ=0/KCTR6DLpKmkAf8muzZqo1nDgQ=")]
    public void A_missing_or_malformed_signature_is_invalid_without_throwing(string? signature) =>
        Assert.False(TwilioSignature.IsValid("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", [], signature));

    private static bool IsTwilio(JsonElement vector) => vector.String("id").StartsWith("twilio", StringComparison.Ordinal);

    private static List<KeyValuePair<string, string>> Form(JsonElement vector) =>
        vector.TryGetProperty("post_params", out var named) ? named.Pairs() : SignatureText.ParseForm(vector.String("raw_form"));
}
