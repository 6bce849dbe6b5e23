using System.Security.Cryptography;

namespace CrisisComms.Platform.Signatures;

/// <summary>
/// Meta (Facebook) webhooks: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, HMAC-SHA256 of the raw body with the
/// app secret. Meta signs the body as sent (unicode escaped as <c>\u00e4</c>), so hash the received bytes,
/// never re-serialised JSON. The legacy SHA-1 <c>X-Hub-Signature</c> is not accepted.
/// </summary>
public static class MetaSignature
{
    public const string HeaderName = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";

    /// <summary>The header value Meta would send for this body.</summary>
    public static string Compute(byte[] rawBody, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        return Prefix + Convert.ToHexStringLower(SignatureText.HmacSha256(appSecret, rawBody));
    }

    /// <summary>True when the header is <c>sha256=</c> and the HMAC of the body; a missing or malformed header is false.</summary>
    public static bool IsValid(byte[] rawBody, string? header, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        var expected = SignatureText.HmacSha256(appSecret, rawBody);
        var value = (header ?? "").AsSpan().Trim();
        Span<byte> given = stackalloc byte[32];
        return value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && SignatureText.TryDecodeHex(value[Prefix.Length..], given)
            && CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
