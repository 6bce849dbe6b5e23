using System.Security.Cryptography;

namespace CrisisComms.Platform.Signatures;

/// <summary>
/// PagerDuty v3 webhooks: <c>X-PagerDuty-Signature: v1=&lt;hex&gt;[,v1=&lt;hex&gt;…]</c>, each an HMAC-SHA256 of the
/// raw body with one of the subscription's secrets; several are sent while a secret is being rotated.
/// </summary>
public static class PagerDutySignature
{
    public const string HeaderName = "X-PagerDuty-Signature";

    /// <summary>One <c>v1=</c> entry for a body and secret, as PagerDuty sends it.</summary>
    public static string Compute(byte[] rawBody, string secret)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        return "v1=" + Convert.ToHexStringLower(SignatureText.HmacSha256(secret, rawBody));
    }

    /// <summary>
    /// True when any <c>v1</c> entry of the header matches the body under any of <paramref name="secrets"/>.
    /// Other versions and unparseable entries are ignored, so a malformed header is simply not valid.
    /// </summary>
    public static bool IsValid(byte[] rawBody, string? header, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(rawBody);
        ArgumentNullException.ThrowIfNull(secrets);
        var given = Signatures(header);
        if (given.Count == 0)
        {
            return false;
        }

        foreach (var secret in secrets)
        {
            var expected = SignatureText.HmacSha256(secret, rawBody);
            if (given.Exists(g => CryptographicOperations.FixedTimeEquals(expected, g)))
            {
                return true;
            }
        }

        return false;
    }

    private static List<byte[]> Signatures(string? header)
    {
        var signatures = new List<byte[]>();
        foreach (var entry in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var signature = new byte[32];
            if (entry.StartsWith("v1=", StringComparison.Ordinal) && SignatureText.TryDecodeHex(entry.AsSpan(3), signature))
            {
                signatures.Add(signature);
            }
        }

        return signatures;
    }
}
