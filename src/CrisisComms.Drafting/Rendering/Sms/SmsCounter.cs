using System.Globalization;

namespace CrisisComms.Drafting.Rendering.Sms;

internal enum SmsEncoding
{
    Gsm7,
    Ucs2,
}

/// <param name="Characters">As the network counts them: GSM extension characters (€ [ ] { } \ ^ ~ |)
/// count 2; in UCS-2, UTF-16 code units, so an emoji counts 2.</param>
/// <param name="Segments">Parts the text is sent in; 0 for an empty text.</param>
/// <param name="CharactersLeftInSegment">Characters that still fit before another part is needed.</param>
/// <param name="NonGsmCharacters">Each character (as the reader sees it) that forced UCS-2, once, in order.</param>
internal sealed record SmsCount(
    SmsEncoding Encoding,
    int Characters,
    int Segments,
    int CharactersLeftInSegment,
    IReadOnlyList<string> NonGsmCharacters);

/// <summary>Counts an SMS the way the network bills it. Works on the text as given: sanitise first.</summary>
internal static class SmsCounter
{
    public const int GsmSinglePart = 160;
    public const int GsmPerPart = 153; // 7 septets of each part go on the concatenation header
    public const int Ucs2SinglePart = 70;
    public const int Ucs2PerPart = 67;

    public static SmsCount Count(string text)
    {
        var nonGsm = NonGsmCharacters(text);
        var encoding = nonGsm.Count == 0 ? SmsEncoding.Gsm7 : SmsEncoding.Ucs2;
        var (singlePart, perPart) = encoding == SmsEncoding.Gsm7
            ? (GsmSinglePart, GsmPerPart)
            : (Ucs2SinglePart, Ucs2PerPart);

        var widths = Widths(text, encoding).ToList();
        var characters = widths.Sum();
        if (characters <= singlePart)
        {
            return new SmsCount(encoding, characters, characters == 0 ? 0 : 1, singlePart - characters, nonGsm);
        }

        // Fill parts one by one: an escape pair or a surrogate pair is never split between two parts
        // (a phone would show two broken halves), so a part can end one short.
        var segments = 1;
        var used = 0;
        foreach (var width in widths)
        {
            if (used + width > perPart)
            {
                segments++;
                used = 0;
            }

            used += width;
        }

        return new SmsCount(encoding, characters, segments, perPart - used, nonGsm);
    }

    /// <summary>The indivisible units of the text and what each costs.</summary>
    private static IEnumerable<int> Widths(string text, SmsEncoding encoding)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (encoding == SmsEncoding.Gsm7)
            {
                yield return GsmAlphabet.IsExtension(text[i]) ? 2 : 1;
            }
            else if (char.IsSurrogatePair(text, i))
            {
                i++;
                yield return 2;
            }
            else
            {
                yield return 1;
            }
        }
    }

    // Whole grapheme clusters, so the officer sees "🏳️‍🌈" or "ŵ", not an invisible U+FE0F.
    private static List<string> NonGsmCharacters(string text)
    {
        var found = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            var element = text.Substring(i, length);
            if (!element.All(GsmAlphabet.Contains) && !found.Contains(element))
            {
                found.Add(element);
            }

            i += length;
        }

        return found;
    }
}
