using System.Security.Cryptography;
using System.Text;

namespace CrisisComms.Platform.Signatures;

/// <summary>
/// OAuth 1.0a request signing with HMAC-SHA1 (RFC 5849 §3), as X requires for user-context requests.
/// Only query parameters and <c>application/x-www-form-urlencoded</c> body parameters are signed: a JSON
/// body (X API v2, e.g. <c>POST /2/tweets</c>) is not part of the signature, so pass no form parameters.
/// The intermediate steps are public so they can be checked against published vectors one by one.
/// </summary>
public static class OAuth1Signer
{
    public const string SignatureMethod = "HMAC-SHA1";

    /// <summary>X documents 1.0 as required on every request; the RFC makes it optional.</summary>
    public const string Version = "1.0";

    private const string NonceAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Signs with a fresh nonce (32 random alphanumerics, ~190 bits) and the current Unix time.</summary>
    public static string AuthorizationHeader(
        HttpMethod method,
        Uri url,
        IEnumerable<KeyValuePair<string, string>> formParameters,
        OAuth1Credentials credentials,
        TimeProvider time,
        string? realm = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var nonce = RandomNumberGenerator.GetString(NonceAlphabet, 32);
        return AuthorizationHeader(method, url, formParameters, credentials, nonce, time.GetUtcNow().ToUnixTimeSeconds(), realm);
    }

    /// <summary>
    /// The complete <c>Authorization</c> header value (<c>OAuth oauth_consumer_key="…", …</c>) for a request
    /// to <paramref name="url"/> (its query is signed) with the given form body parameters.
    /// </summary>
    public static string AuthorizationHeader(
        HttpMethod method,
        Uri url,
        IEnumerable<KeyValuePair<string, string>> formParameters,
        OAuth1Credentials credentials,
        string nonce,
        long timestamp,
        string? realm = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(nonce);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);

        List<KeyValuePair<string, string>> oauth =
        [
            new("oauth_consumer_key", credentials.ConsumerKey),
            new("oauth_nonce", nonce),
            new("oauth_signature_method", SignatureMethod),
            new("oauth_timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("oauth_version", Version),
        ];
        if (!string.IsNullOrEmpty(credentials.Token))
        {
            oauth.Add(new("oauth_token", credentials.Token));
        }

        var baseString = SignatureBaseString(method, url, [.. formParameters, .. oauth]);
        oauth.Add(new("oauth_signature", Signature(baseString, credentials.ConsumerSecret, credentials.TokenSecret)));
        return FormatAuthorizationHeader(oauth, realm);
    }

    /// <summary>
    /// RFC 5849 §3.5.1: <c>OAuth </c>, an optional realm, then each parameter as <c>name="value"</c>, both
    /// percent-encoded, sorted by name and separated by <c>", "</c> (X's documented layout).
    /// </summary>
    public static string FormatAuthorizationHeader(IEnumerable<KeyValuePair<string, string>> oauthParameters, string? realm = null)
    {
        var header = new StringBuilder("OAuth ");
        if (realm is not null)
        {
            // The realm is an HTTP quoted-string, not percent-encoded; refusing quotes keeps it one.
            if (realm.AsSpan().IndexOfAny('"', '\\') >= 0 || realm.Any(char.IsControl))
            {
                throw new ArgumentException("The realm may not contain quotes, backslashes or control characters.", nameof(realm));
            }

            header.Append("realm=\"").Append(realm).Append("\", ");
        }

        var encoded = oauthParameters.Select(p => (Name: PercentEncode(p.Key), Value: PercentEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}=\"{p.Value}\"");
        return header.Append(string.Join(", ", encoded)).ToString();
    }

    /// <summary>
    /// RFC 5849 §3.4.1: <c>METHOD&amp;pe(base string URI)&amp;pe(parameter string)</c>. The query of
    /// <paramref name="url"/> is included; <paramref name="parameters"/> are the rest (form body and oauth_*).
    /// </summary>
    public static string SignatureBaseString(HttpMethod method, Uri url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(method);
        var baseUri = BaseStringUri(url);
        var query = url.Query.Length > 0 ? url.Query[1..] : "";
        var all = SignatureText.ParseForm(query).Concat(parameters);
        return $"{method.Method.ToUpperInvariant()}&{PercentEncode(baseUri)}&{PercentEncode(ParameterString(all))}";
    }

    /// <summary>
    /// RFC 5849 §3.4.1.2: scheme and host in lower case, the port only if not the scheme's default,
    /// the path as sent, and no query or fragment.
    /// </summary>
    public static string BaseStringUri(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("An absolute URL is needed to sign a request.", nameof(url));
        }

        // IdnHost is what goes on the wire (punycode); it drops the brackets of an IPv6 literal, Host keeps them.
        var host = url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost;
        var port = url.IsDefaultPort ? "" : ":" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{url.Scheme.ToLowerInvariant()}://{host.ToLowerInvariant()}{port}{url.AbsolutePath}";
    }

    /// <summary>
    /// RFC 5849 §3.4.1.3.2: every name and value percent-encoded, sorted by name then value (byte order),
    /// <c>name=value</c> joined with <c>&amp;</c>. <c>oauth_signature</c> itself is never signed.
    /// </summary>
    public static string ParameterString(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var encoded = parameters
            .Where(p => p.Key != "oauth_signature")
            .Select(p => (Name: PercentEncode(p.Key), Value: PercentEncode(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value);
        return string.Join("&", encoded);
    }

    /// <summary>RFC 5849 §3.4.2: <c>pe(consumer secret)&amp;pe(token secret)</c>; the <c>&amp;</c> stays when there is no token.</summary>
    public static string SigningKey(string consumerSecret, string? tokenSecret) =>
        PercentEncode(consumerSecret) + "&" + PercentEncode(tokenSecret ?? "");

    /// <summary>The <c>oauth_signature</c> value: base64 of HMAC-SHA1 over the base string.</summary>
    public static string Signature(string baseString, string consumerSecret, string? tokenSecret)
    {
        ArgumentNullException.ThrowIfNull(baseString);
        var key = Encoding.ASCII.GetBytes(SigningKey(consumerSecret, tokenSecret));
        // SHA-1 is what the protocol (and X) prescribes; HMAC-SHA1 is not affected by SHA-1 collisions.
        return Convert.ToBase64String(HMACSHA1.HashData(key, Encoding.ASCII.GetBytes(baseString)));
    }

    /// <summary>
    /// RFC 5849 §3.6: UTF-8 bytes, unreserved characters (ALPHA, DIGIT, <c>-._~</c>) kept, every other
    /// byte as <c>%XX</c> in upper case. Written out because framework encoders differ on <c>+</c>, <c>*</c>, <c>!</c>.
    /// </summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var encoded = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
