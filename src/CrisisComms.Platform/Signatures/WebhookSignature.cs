using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrisisComms.Platform.Signatures;

/// <summary>
/// Our own signed webhooks (outbound to partners and pagers), in Stripe's layout:
/// <c>CrisisComms-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=&lt;hex&gt;…]</c>, each <c>v1</c> being
/// HMAC-SHA256(secret, "&lt;t&gt;.&lt;raw body&gt;") for one currently valid secret. Signing the timestamp with the
/// body lets receivers refuse replays; one <c>v1</c> per secret lets a secret be rotated without downtime.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "CrisisComms-Signature";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="time"/>, signed with every secret.</summary>
    public static string Sign(byte[] body, DateTimeOffset time, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        var distinct = secrets.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            // Sending unsigned would look like a forgery to every receiver; better to fail here, loudly.
            throw new ArgumentException("At least one secret is needed to sign a webhook.", nameof(secrets));
        }

        var timestamp = time.ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp, nameof(time));
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var header = new StringBuilder("t=").Append(t);
        foreach (var secret in distinct)
        {
            header.Append(",v1=").Append(Convert.ToHexStringLower(Hash(secret, t, body)));
        }

        return header.ToString();
    }

    /// <summary>
    /// Checks <paramref name="header"/> against the body and the receiver's current secrets. The signature is
    /// checked before the timestamp, so "outside tolerance" is only ever reported for an authentic delivery
    /// (useful to spot clock skew) and a forger learns nothing more than "no match". Never throws on the header.
    /// </summary>
    public static WebhookVerification Verify(byte[] body, string? header, IEnumerable<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        if (!TryParse(header, out var t, out var timestamp, out var signatures))
        {
            return WebhookVerification.Malformed;
        }

        var matched = secrets.Any(secret =>
        {
            var expected = Hash(secret, t, body);
            return signatures.Exists(s => CryptographicOperations.FixedTimeEquals(expected, s));
        });
        if (!matched)
        {
            return WebhookVerification.NoMatchingSignature;
        }

        return Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds
            ? WebhookVerification.TimestampOutsideTolerance
            : WebhookVerification.Valid;
    }

    /// <summary>
    /// Exactly one <c>t</c> of digits and at least one <c>v1</c> of 64 hex digits; other keys (a future
    /// <c>v2</c>) are ignored so the format can grow. <paramref name="t"/> is kept as sent: it is what was signed.
    /// </summary>
    private static bool TryParse(string? header, out string t, out long timestamp, out List<byte[]> signatures)
    {
        t = "";
        timestamp = 0;
        signatures = [];
        string? seenT = null;
        foreach (var entry in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var (key, value) = (entry[..equals], entry[(equals + 1)..]);
            if (key == "t")
            {
                if (seenT is not null)
                {
                    return false;
                }

                seenT = value;
            }
            else if (key == "v1")
            {
                var signature = new byte[32];
                if (!SignatureText.TryDecodeHex(value, signature))
                {
                    return false;
                }

                signatures.Add(signature);
            }
        }

        // Bounded so that the tolerance arithmetic cannot overflow; year 9999 is far enough.
        if (seenT is null || signatures.Count == 0
            || !long.TryParse(seenT, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        t = seenT;
        return true;
    }

    private static byte[] Hash(string secret, string t, byte[] body)
    {
        var payload = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t, payload);
        payload[t.Length] = (byte)'.';
        body.CopyTo(payload, t.Length + 1);
        return SignatureText.HmacSha256(secret, payload);
    }
}
