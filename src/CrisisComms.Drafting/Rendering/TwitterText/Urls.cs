using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <param name="Url">The URL as written (X counts it as <see cref="TwitterTextConfig.TransformedUrlLength"/>).</param>
/// <param name="Start">Index of its first character, in UTF-16 code units (C# string indices).</param>
/// <param name="End">Index just past it.</param>
internal sealed record UrlEntity(string Url, int Start, int End);

/// <summary>URLs as X finds them in a post (twitter-text <c>extractURLsWithIndices</c>), with or without http(s)://.</summary>
/// <remarks>Which endings are top-level domains comes from the curated <see cref="Tlds"/>, not IANA's full list.</remarks>
internal static partial class Urls
{
    // The backend accepts URLs up to 4096 characters, counting a missing scheme as "https://".
    private const int MaxUrlLength = 4096;
    private const int MaxLabelLength = 63;
    private const int MaxTcoSlugLength = 40;

    private const string LatinAccents =
        "\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268" +
        "\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF";
    private const string Cyrillic = "\u0400-\u04FF";

    // Host names. A label neither starts nor ends with "-"; sub-domains (not the registered name) may
    // hold "_". Without a scheme a label is ASCII or Latin; after http(s):// any letter or symbol that is
    // not punctuation or space will do (http://☃.net). The name must end in a known TLD.
    private const string LabelCharacter = "[a-z0-9" + LatinAccents + "]";
    private const string Subdomain = "(?>(?:" + LabelCharacter + "[a-z0-9_\\-" + LatinAccents + "]*)?" + LabelCharacter + "\\.)";
    private const string DomainName = "(?:(?:" + LabelCharacter + "[a-z0-9\\-" + LatinAccents + "]*)?" + LabelCharacter + "\\.)";
    private const string UnicodeLabelCharacter = "[^\\-_!\"#$%&'()*+,./:;<=>?@\\[\\]^`{|}~\\s\\p{Z}\\p{IsGeneralPunctuation}]";
    private const string UnicodeDomainName =
        "(?:(?:" + UnicodeLabelCharacter + "(?:" + UnicodeLabelCharacter + "|-)*)?" + UnicodeLabelCharacter + "\\.)";
    private const string TldEnd = "(?=[^a-z0-9@+\\-]|$)";
    private const string Tld = "(?:" + Tlds.Generic + "|" + Tlds.Country + ")" + TldEnd;
    private const string Host =
        "(?:" + Subdomain + "*" + DomainName + "(?:" + Tld + "|xn--[0-9a-z\\-]+))" +
        "|(?:(?<=https?://)" + UnicodeDomainName + Tld + ")";

    // Path, query: the characters URLs are made of, and those they may end with, so "see x.com/a." or
    // "(x.com/a)" leaves the full stop or the bracket out. Up to two levels of balanced brackets are
    // part of the path (/wiki/Primer_(film)).
    private const string PathCharacter = "[a-z0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~|&@" + LatinAccents + Cyrillic + "]";
    private const string Brackets =
        "\\((?:" + PathCharacter + "+|" + PathCharacter + "*\\(" + PathCharacter + "+\\)" + PathCharacter + "*)\\)";
    private const string PathEnding = "(?:[a-z0-9=_#/+\\-" + LatinAccents + Cyrillic + "]|" + Brackets + ")";
    private const string PathPart =
        "(?:" + PathCharacter + "*(?:" + Brackets + PathCharacter + "*)*" + PathEnding + "|@" + PathCharacter + "+/)";
    private const string Query = "\\?[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@]*[a-z0-9\\-_&=#/]";

    // Not glued to a word, a cashtag, a hashtag or a mention ($TVI.CA, #test.com, @x.com). Without a
    // scheme, not right after ".", "-" or "_" either: twitter-text matches such a host and then drops it,
    // but trying a host after every full stop of "a.b.c.d…" takes time quadratic in its length.
    private const string Before =
        "(?:(?<before>^|[^a-z0-9@＠$#＃\uFFFE\uFEFF\uFFFF])(?=https?://)|(?<before>^|[^a-z0-9@＠$#＃\uFFFE\uFEFF\uFFFF._\\-]))";

    private const string Url =
        Before + "(?<url>(?<scheme>https?://)?(?<host>" + Host + ")(?::(?>[0-9]+))?(?:/(?>" + PathPart + "*))?(?:" + Query + ")?)";

    // A whole URL, for IsValid: RFC 3986 with international host names (twitter-text isValidUrl). A
    // host label starts and ends with a letter or digit, a sub-domain label may hold "_", the TLD starts
    // with a letter, any non-ASCII character counts as a letter.
    private const string LabelEdge = "[a-z0-9\\x80-\\uFFFF]";
    private const string ValidHost =
        "(?:" + LabelEdge + "(?:[a-z0-9_\\-\\x80-\\uFFFF]*" + LabelEdge + ")?\\.)*" +
        LabelEdge + "(?:[a-z0-9\\-\\x80-\\uFFFF]*" + LabelEdge + ")?\\." +
        "[a-z\\x80-\\uFFFF](?:[a-z0-9\\-\\x80-\\uFFFF]*" + LabelEdge + ")?";
    private const string Octet = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    private const string Unescaped = "a-z0-9\u0400-\u04FF\\-._~!$&'()*+,;=:";
    private const string PathCharacters = "(?:[" + Unescaped + "|@]|%[0-9a-f]{2})";
    private const string WholeUrl =
        "^https?://(?:(?:[" + Unescaped + "]|%[0-9a-f]{2})*@)?" +
        "(?:(?:" + Octet + "\\.){3}" + Octet + "|\\[(?<ipv6>[0-9a-f:.]+)\\]|" + ValidHost + ")(?::[0-9]{1,5})?" +
        "(?:/" + PathCharacters + "*)*(?:\\?(?:" + PathCharacters + "|[/?])*)?(?:#(?:" + PathCharacters + "|[/?])*)?\\z";

    public static IReadOnlyList<UrlEntity> Extract(string text)
    {
        var urls = new List<UrlEntity>();
        foreach (Match match in UrlPattern().Matches(text))
        {
            var hasScheme = match.Groups["scheme"].Success;

            // Without a scheme, a host right after "/" is the tail of something else (a/example.com):
            // twitter-text drops it, and the text it spans.
            if (!hasScheme && match.Groups["before"].Value == "/")
            {
                continue;
            }

            var url = match.Groups["url"];
            var value = url.Value;
            if (TcoPattern().Match(value) is { Success: true } tco)
            {
                // A t.co link ends with its slug (http://t.co/abc's): nothing else follows a t.co slug.
                if (tco.Groups["slug"].Length > MaxTcoSlugLength)
                {
                    continue;
                }

                value = tco.Value;
            }

            if (IsValidHost(match.Groups["host"].Value, value.Length, hasScheme))
            {
                urls.Add(new UrlEntity(value, url.Index, url.Index + value.Length));
            }
        }

        return urls;
    }

    /// <summary>Whether <paramref name="url"/> is one well-formed http(s) URL and nothing else (validate.yml <c>urls</c>).</summary>
    public static bool IsValid(string url) =>
        WholeUrlPattern().Match(url) is { Success: true } match
        && (!match.Groups["ipv6"].Success
            || (IPAddress.TryParse(match.Groups["ipv6"].Value, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6));

    // As the backend resolves it: IDNA to ASCII (so a label is 63 characters at most once punycoded), and
    // the whole URL within the maximum.
    private static bool IsValidHost(string host, int urlLength, bool hasScheme)
    {
        string ascii;
        try
        {
            ascii = Ascii.IsValid(host) ? host : new IdnMapping { AllowUnassigned = true }.GetAscii(host);
        }
        catch (ArgumentException)
        {
            return false; // not a valid international domain name (http://xn--はじめよう.com)
        }

        var schemeLength = hasScheme ? 0 : "https://".Length;
        return ascii.Split('.').All(label => label.Length is > 0 and <= MaxLabelLength)
            && schemeLength + urlLength - host.Length + ascii.Length <= MaxUrlLength;
    }

    [GeneratedRegex(Url, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();

    [GeneratedRegex("^https?://t\\.co/(?<slug>[a-z0-9]+)(?:" + Query + ")?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TcoPattern();

    [GeneratedRegex(WholeUrl, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex WholeUrlPattern();
}
