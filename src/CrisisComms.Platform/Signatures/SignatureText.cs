using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace CrisisComms.Platform.Signatures;

/// <summary>Small pieces every scheme here shares: form decoding, HMAC over UTF-8 keys, hex parsing.</summary>
internal static class SignatureText
{
    /// <summary>
    /// Parses <c>application/x-www-form-urlencoded</c> text (a query without its <c>?</c>, or a form body) into decoded pairs,
    /// in order and keeping duplicates: both OAuth 1.0a and Twilio sign every occurrence.
    /// </summary>
    public static List<KeyValuePair<string, string>> ParseForm(string? encoded)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(encoded))
        {
            return pairs;
        }

        foreach (var part in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }

        return pairs;
    }

    /// <summary>Query of an absolute URL given as text, without <c>?</c> and fragment; empty if none.</summary>
    public static string QueryOf(string url)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var withoutFragment = fragment < 0 ? url : url[..fragment];
        var question = withoutFragment.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? "" : withoutFragment[(question + 1)..];
    }

    public static byte[] HmacSha256(string secret, ReadOnlySpan<byte> data) =>
        HMACSHA256.HashData(Key(secret), data);

    /// <summary>Secrets are text in every scheme here; their UTF-8 bytes are the key.</summary>
    public static byte[] Key(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>
    /// Decodes exactly <paramref name="destination"/>.Length bytes of hex (either case). Anything else —
    /// wrong length, stray characters — is simply not a signature, so the caller rejects without throwing.
    /// </summary>
    public static bool TryDecodeHex(ReadOnlySpan<char> hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2
        && Convert.FromHexString(hex, destination, out _, out var written) == OperationStatus.Done
        && written == destination.Length;

    private static string Decode(string component) => Uri.UnescapeDataString(component.Replace('+', ' '));
}
