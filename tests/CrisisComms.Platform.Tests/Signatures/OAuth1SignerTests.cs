using System.Text.Json;
using CrisisComms.Platform.Signatures;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CrisisComms.Platform.Tests.Signatures;

/// <summary>OAuth 1.0a HMAC-SHA1 against <c>specs/oauth1/oauth1-test-vectors.json</c>, X's docs and RFC 5849.</summary>
public sealed class OAuth1SignerTests
{
    private static readonly string[] XOAuthParameters =
        ["oauth_consumer_key", "oauth_nonce", "oauth_signature_method", "oauth_timestamp", "oauth_token", "oauth_version"];

    public static TheoryData<string> SignedVectors => SignatureVectors.OAuth1Ids(IsSigned);

    public static TheoryData<string> RawRequestVectors => SignatureVectors.OAuth1Ids(v => v.Has("raw_request"));

    public static TheoryData<string> XRequestVectors => SignatureVectors.OAuth1Ids(IsXRequest);

    public static TheoryData<string> HeaderVectors => SignatureVectors.OAuth1Ids(v => v.Has("expected_authorization_header"));

    public static TheoryData<string> BaseStringUriVectors => SignatureVectors.OAuth1Ids(v => v.Has("cases"));

    [Theory]
    [MemberData(nameof(SignedVectors))]
    public void Each_signing_step_matches_the_vector(string id)
    {
        var vector = SignatureVectors.OAuth1(id);
        var parameters = Parameters(vector);
        var consumerSecret = vector.String("consumer_secret");
        var tokenSecret = vector.String("token_secret");

        var expectedParameters = vector.OptionalString("expected_parameter_string") ?? vector.OptionalString("expected_normalized_parameters");
        if (expectedParameters is not null)
        {
            Assert.Equal(expectedParameters, OAuth1Signer.ParameterString(parameters));
        }

        var baseString = OAuth1Signer.SignatureBaseString(new HttpMethod(vector.String("method")), new Uri(vector.String("base_url")), parameters);
        Assert.Equal(vector.String("expected_signature_base_string"), baseString);

        if (vector.OptionalString("expected_signing_key") is { } signingKey)
        {
            Assert.Equal(signingKey, OAuth1Signer.SigningKey(consumerSecret, tokenSecret));
        }

        // The normalisation example's signature printed in the RFC is wrong (the vector says so); the vector
        // carries the HMAC recomputed from the normative base string instead.
        var signature = OAuth1Signer.Signature(baseString, consumerSecret, tokenSecret);
        Assert.Equal(vector.OptionalString("expected_signature") ?? vector.String("computed_signature_here"), signature);
        if (vector.OptionalString("rfc_printed_signature") is { } printed)
        {
            Assert.NotEqual(printed, signature);
        }

        if (vector.OptionalString("expected_hmac_sha1_hex") is { } hex)
        {
            Assert.Equal(hex, Convert.ToHexStringLower(Convert.FromBase64String(signature)));
        }
    }

    [Theory]
    [MemberData(nameof(RawRequestVectors))]
    public void A_raw_request_with_query_and_form_body_gives_the_vector_base_string(string id)
    {
        var vector = SignatureVectors.OAuth1(id);
        var (method, url, form) = RawRequest(vector);
        var oauth = Parameters(vector).Where(p => p.Key.StartsWith("oauth_", StringComparison.Ordinal));

        var baseString = OAuth1Signer.SignatureBaseString(method, url, [.. form, .. oauth]);

        Assert.Equal(vector.String("expected_signature_base_string"), baseString);
    }

    [Theory]
    [MemberData(nameof(XRequestVectors))]
    public void The_authorization_header_for_an_X_request_carries_the_vector_signature(string id)
    {
        var vector = SignatureVectors.OAuth1(id);
        var parameters = Parameters(vector).ToDictionary();
        var (method, url, form) = vector.Has("raw_request")
            ? RawRequest(vector)
            : (new HttpMethod(vector.String("method")), new Uri(vector.String("base_url")),
                parameters.Where(p => !p.Key.StartsWith("oauth_", StringComparison.Ordinal)).ToList());
        var credentials = new OAuth1Credentials(
            parameters["oauth_consumer_key"], vector.String("consumer_secret"), parameters["oauth_token"], vector.String("token_secret"));

        var header = OAuth1Signer.AuthorizationHeader(
            method, url, form, credentials, parameters["oauth_nonce"], long.Parse(parameters["oauth_timestamp"], System.Globalization.CultureInfo.InvariantCulture));

        var sent = ParseHeader(header);
        Assert.Equal(vector.String("expected_signature"), sent["oauth_signature"]);
        Assert.Equal(XOAuthParameters.Append("oauth_signature").Order(StringComparer.Ordinal), sent.Keys.Order(StringComparer.Ordinal));
        Assert.All(XOAuthParameters, name => Assert.Equal(parameters[name], sent[name]));
        Assert.Equal(OAuth1Signer.FormatAuthorizationHeader(sent), header);
    }

    [Theory]
    [MemberData(nameof(HeaderVectors))]
    public void The_header_layout_matches_the_vector(string id)
    {
        // The vector's signature is stale (see its note), so only the layout is checked: sorted names,
        // percent-encoded quoted values, ", " between them, whatever order the parameters come in.
        var expected = SignatureVectors.OAuth1(id).String("expected_authorization_header");
        var parameters = ParseHeader(expected).Reverse();

        Assert.Equal(expected, OAuth1Signer.FormatAuthorizationHeader(parameters));
    }

    [Theory]
    [MemberData(nameof(BaseStringUriVectors))]
    public void The_base_string_uri_matches_the_vector(string id)
    {
        foreach (var @case in SignatureVectors.OAuth1(id).GetProperty("cases").EnumerateArray())
        {
            // "GET /r%20v/X?id=123 HTTP/1.1 / Host: EXAMPLE.COM:80" (HTTPS marks the TLS case).
            var request = @case.String("request");
            var target = request.Split(' ')[1];
            var host = request[(request.IndexOf("Host: ", StringComparison.Ordinal) + "Host: ".Length)..].Trim();
            var scheme = request.Contains(" HTTPS ", StringComparison.Ordinal) ? "https" : "http";

            Assert.Equal(@case.String("expected_base_string_uri"), OAuth1Signer.BaseStringUri(new Uri($"{scheme}://{host}{target}")));
        }
    }

    [Fact]
    public void Every_vector_in_the_file_is_exercised()
    {
        var all = SignatureVectors.OAuth1Ids(_ => true).Names();
        var covered = new[] { SignedVectors, RawRequestVectors, XRequestVectors, HeaderVectors, BaseStringUriVectors }
            .SelectMany(ids => ids.Names())
            .ToHashSet();

        Assert.Subset(covered, all.ToHashSet());
    }

    [Theory]
    [InlineData("Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen")]
    [InlineData("An encoded string!", "An%20encoded%20string%21")]
    [InlineData("Dogs, Cats & Mice", "Dogs%2C%20Cats%20%26%20Mice")]
    [InlineData("☃", "%E2%98%83")]
    [InlineData("-._~AZaz09", "-._~AZaz09")]
    [InlineData("*'()", "%2A%27%28%29")]
    public void Percent_encoding_follows_the_X_docs_examples(string original, string encoded) =>
        Assert.Equal(encoded, OAuth1Signer.PercentEncode(original));

    [Fact]
    public void A_JSON_body_is_not_signed_but_the_query_is()
    {
        var credentials = new OAuth1Credentials("key", "secret", "token", "token-secret");
        var tweets = new Uri("https://api.x.com/2/tweets");
        var search = new Uri("https://api.x.com/2/tweets/search/recent?query=from%3Aexample%20flood&max_results=10");

        var baseString = OAuth1Signer.SignatureBaseString(HttpMethod.Get, search, []);

        Assert.Equal(
            "GET&https%3A%2F%2Fapi.x.com%2F2%2Ftweets%2Fsearch%2Frecent&max_results%3D10%26query%3Dfrom%253Aexample%2520flood",
            baseString);
        Assert.Equal(
            OAuth1Signer.AuthorizationHeader(HttpMethod.Post, tweets, [], credentials, "nonce", 1_700_000_000),
            OAuth1Signer.AuthorizationHeader(HttpMethod.Post, new Uri("HTTPS://API.X.COM:443/2/tweets"), [], credentials, "nonce", 1_700_000_000));
    }

    [Fact]
    public void The_convenience_overload_uses_the_clock_and_a_fresh_nonce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_318_622_958));
        var credentials = new OAuth1Credentials("key", "secret", "token", "token-secret");
        var url = new Uri("https://api.x.com/2/users/me");

        var first = ParseHeader(OAuth1Signer.AuthorizationHeader(HttpMethod.Get, url, [], credentials, time));
        var second = ParseHeader(OAuth1Signer.AuthorizationHeader(HttpMethod.Get, url, [], credentials, time));

        Assert.Equal("1318622958", first["oauth_timestamp"]);
        Assert.Matches("^[A-Za-z0-9]{32}$", first["oauth_nonce"]);
        Assert.NotEqual(first["oauth_nonce"], second["oauth_nonce"]);
        Assert.Equal(
            OAuth1Signer.AuthorizationHeader(HttpMethod.Get, url, [], credentials, first["oauth_nonce"], 1_318_622_958),
            OAuth1Signer.FormatAuthorizationHeader(first));
    }

    [Fact]
    public void The_header_value_parses_as_an_http_authorization_header()
    {
        var header = OAuth1Signer.AuthorizationHeader(
            HttpMethod.Post, new Uri("https://api.x.com/2/tweets"), [], new OAuth1Credentials("k", "s", "t", "ts"), "n", 1, "X API");

        var parsed = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(header);

        Assert.Equal("OAuth", parsed.Scheme);
        Assert.Equal(header["OAuth ".Length..], parsed.Parameter);
    }

    [Fact]
    public void Without_a_token_the_key_keeps_its_ampersand_and_no_oauth_token_is_sent()
    {
        var header = OAuth1Signer.AuthorizationHeader(
            HttpMethod.Post, new Uri("https://api.x.com/oauth/request_token"), [], new OAuth1Credentials("key", "secret"), "n", 1);

        Assert.Equal("secret&", OAuth1Signer.SigningKey("secret", null));
        Assert.DoesNotContain("oauth_token", ParseHeader(header).Keys);
    }

    [Fact]
    public void A_realm_comes_first_and_is_not_signed()
    {
        var credentials = new OAuth1Credentials("key", "secret", "token", "token-secret");
        var url = new Uri("https://api.x.com/2/users/me");

        var withRealm = OAuth1Signer.AuthorizationHeader(HttpMethod.Get, url, [], credentials, "n", 1, realm: "Example");
        var without = OAuth1Signer.AuthorizationHeader(HttpMethod.Get, url, [], credentials, "n", 1);

        Assert.Equal("OAuth realm=\"Example\", " + without["OAuth ".Length..], withRealm);
        Assert.Throws<ArgumentException>(() => OAuth1Signer.FormatAuthorizationHeader([], "a\"b"));
    }

    [Fact]
    public void Credentials_never_print_their_secrets()
    {
        var text = new OAuth1Credentials("consumer-key", "consumer-secret", "access-token", "access-secret").ToString();

        Assert.Contains("consumer-key", text, StringComparison.Ordinal);
        Assert.DoesNotContain("consumer-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("access-secret", text, StringComparison.Ordinal);
    }

    private static bool IsSigned(JsonElement vector) =>
        vector.Has("consumer_secret") && vector.Has("expected_signature_base_string");

    private static bool IsXRequest(JsonElement vector) =>
        vector.Has("params") && vector.Has("expected_signature")
        && Parameters(vector).Where(p => p.Key.StartsWith("oauth_", StringComparison.Ordinal)).Select(p => p.Key)
            .Order(StringComparer.Ordinal).SequenceEqual(XOAuthParameters)
        && vector.GetProperty("params").GetProperty("oauth_version").GetString() == OAuth1Signer.Version;

    private static List<KeyValuePair<string, string>> Parameters(JsonElement vector) =>
        (vector.TryGetProperty("params", out var named) ? named : vector.GetProperty("params_list_decoded")).Pairs();

    /// <summary>Method, URL (scheme from the vector's base URL, host from the Host header) and decoded form body.</summary>
    private static (HttpMethod Method, Uri Url, List<KeyValuePair<string, string>> Form) RawRequest(JsonElement vector)
    {
        var raw = vector.String("raw_request");
        var blank = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = raw[..blank].Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var host = lines.Single(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase))["Host:".Length..].Trim();
        var scheme = new Uri(vector.String("base_url")).Scheme;
        return (new HttpMethod(requestLine[0]), new Uri($"{scheme}://{host}{requestLine[1]}"), SignatureText.ParseForm(raw[(blank + 4)..]));
    }

    /// <summary><c>OAuth a="1", b="2"</c> → decoded name/value pairs, in header order.</summary>
    private static Dictionary<string, string> ParseHeader(string header)
    {
        Assert.StartsWith("OAuth ", header, StringComparison.Ordinal);
        return header["OAuth ".Length..].Split(", ")
            .Select(part => part.Split('=', 2))
            .ToDictionary(kv => Uri.UnescapeDataString(kv[0]), kv => Uri.UnescapeDataString(kv[1].Trim('"')));
    }
}
