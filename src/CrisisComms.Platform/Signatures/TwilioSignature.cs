using System.Security.Cryptography;
using System.Text;

namespace CrisisComms.Platform.Signatures;

/// <summary>
/// Twilio's <c>X-Twilio-Signature</c>: base64(HMAC-SHA1(auth token, full URL + each form parameter's
/// name and value)). The URL is used exactly as Twilio requested it, query included; only the port is
/// tried both ways (see <see cref="IsValid"/>).
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    /// <summary>
    /// The text Twilio signs: the URL, then for each parameter name in ordinal order each of its distinct
    /// values in ordinal order as <c>name + value</c> (as Twilio's own validators do).
    /// </summary>
    public static string StringToSign(string url, IEnumerable<KeyValuePair<string, string>>? formParameters)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = new StringBuilder(url);
        foreach (var name in (formParameters ?? []).GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var value in name.Select(p => p.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                text.Append(name.Key).Append(value);
            }
        }

        return text.ToString();
    }

    /// <summary>The signature Twilio would send for this URL and form.</summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? formParameters) =>
        Convert.ToBase64String(Hash(authToken, StringToSign(url, formParameters)));

    /// <summary>
    /// Checks a form-encoded request. Twilio's back end is inconsistent about ports, so (like Twilio's own
    /// libraries) the signature is accepted over the URL without its port or with it (the scheme's default
    /// added when absent): <c>https://host/x</c> and <c>https://host:443/x</c> validate each other. As in
    /// Twilio's libraries a non-default port is stripped too, so a portless signature validates
    /// <c>https://host:8443/x</c>; the auth token still binds the signature to our account and host.
    /// </summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? formParameters, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        Span<byte> given = stackalloc byte[20];
        if (!TryDecodeSignature(signature, given))
        {
            return false;
        }

        var parameters = formParameters?.ToList();
        foreach (var candidate in PortVariants(url))
        {
            if (CryptographicOperations.FixedTimeEquals(Hash(authToken, StringToSign(candidate, parameters)), given))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Checks a JSON-body request: Twilio then signs the URL alone, which carries
    /// <c>bodySHA256=hex(SHA-256(body))</c> in its query; that hash must match the raw body received.
    /// </summary>
    public static bool IsValidJson(string authToken, string url, byte[] rawBody, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(rawBody);
        var claimed = SignatureText.ParseForm(SignatureText.QueryOf(url)).Where(p => p.Key == "bodySHA256").Select(p => p.Value).ToList();
        Span<byte> claimedHash = stackalloc byte[32];
        if (claimed.Count != 1 || !SignatureText.TryDecodeHex(claimed[0], claimedHash)
            || !CryptographicOperations.FixedTimeEquals(SHA256.HashData(rawBody), claimedHash))
        {
            return false;
        }

        return IsValid(authToken, url, null, signature);
    }

    /// <summary>The <c>bodySHA256</c> query value for a raw body: lower-case hex SHA-256.</summary>
    public static string BodySha256(byte[] rawBody)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        return Convert.ToHexStringLower(SHA256.HashData(rawBody));
    }

    /// <summary>The URL without its port and with it (default added if absent), edited as text so nothing else changes.</summary>
    internal static IReadOnlyList<string> PortVariants(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return [url];
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        authorityEnd = authorityEnd < 0 ? url.Length : authorityEnd;
        var hostStart = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart) + 1;
        hostStart = Math.Max(hostStart, authorityStart);
        var hostAndPort = url[hostStart..authorityEnd];

        // A colon after an IPv6 literal's closing bracket (or in a plain host) starts the port.
        var colon = hostAndPort.LastIndexOf(':');
        var hasPort = colon >= 0 && colon > hostAndPort.LastIndexOf(']');
        var host = hasPort ? hostAndPort[..colon] : hostAndPort;
        var before = url[..hostStart];
        var after = url[authorityEnd..];

        var defaultPort = url[..schemeEnd].ToUpperInvariant() switch
        {
            "HTTPS" => "443",
            "HTTP" => "80",
            _ => null,
        };
        var withPort = hasPort && colon < hostAndPort.Length - 1 ? url
            : defaultPort is null ? null
            : before + host + ":" + defaultPort + after;
        string[] variants = withPort is null ? [before + host + after] : [before + host + after, withPort];
        return variants.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool TryDecodeSignature(string? signature, Span<byte> destination)
    {
        // Base64 of 20 bytes is 28 characters; anything else is not a Twilio signature.
        Span<byte> buffer = stackalloc byte[21];
        if (string.IsNullOrWhiteSpace(signature) || signature.Length != 28
            || !Convert.TryFromBase64String(signature, buffer, out var written) || written != 20)
        {
            return false;
        }

        buffer[..20].CopyTo(destination);
        return true;
    }

    private static byte[] Hash(string authToken, string text)
    {
        // HMAC-SHA1 is Twilio's choice, not ours; it is not weakened by SHA-1 collisions.
        return HMACSHA1.HashData(SignatureText.Key(authToken), Encoding.UTF8.GetBytes(text));
    }
}
