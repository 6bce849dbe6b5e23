using System.Text;

namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <summary>How X counts a post (twitter-text <c>parseTweet</c>). Ranges are inclusive, in UTF-16 code units of the text as given.</summary>
/// <param name="WeightedLength">The count X shows: light characters (Latin…) 1, others (CJK, emoji…) 2, a URL 23.</param>
/// <param name="Valid">Not blank, within the maximum and free of U+FFFE, U+FEFF and U+FFFF.</param>
/// <param name="Permillage">The weighted length in thousandths of the maximum (over 1000 when too long).</param>
/// <param name="DisplayRangeStart">First index of the text; the display range covers all of it.</param>
/// <param name="DisplayRangeEnd">Last index of the text.</param>
/// <param name="ValidRangeStart">First index of the part that X would accept.</param>
/// <param name="ValidRangeEnd">Last index of that part: where an editor starts to highlight the overflow.</param>
internal sealed record TweetParseResult(
    int WeightedLength,
    bool Valid,
    int Permillage,
    int DisplayRangeStart,
    int DisplayRangeEnd,
    int ValidRangeStart,
    int ValidRangeEnd);

/// <summary>Counts a post the way X does, per a <see cref="TwitterTextConfig"/> (use <see cref="TwitterTextConfig.V3"/>).</summary>
internal static class TweetParser
{
    // Nothing to post: not valid, and ranges that cover nothing.
    private static readonly TweetParseResult Blank = new(0, false, 0, 0, -1, 0, -1);

    public static TweetParseResult Parse(string text, TwitterTextConfig config)
    {
        // Blank as Java's String.trim() sees it: nothing above U+0020.
        if (text.All(c => c <= ' '))
        {
            return Blank;
        }

        var normalized = Nfc(text);
        var urlLengths = Urls.Extract(normalized).ToDictionary(url => url.Start, url => url.End - url.Start);
        var maxWeight = config.MaxWeightedTweetLength * config.Scale;

        var weight = 0;
        var offset = 0;
        var validEnd = 0;
        var hasInvalidCharacter = false;
        while (offset < normalized.Length)
        {
            var (length, unitWeight) = Measure(normalized, offset, urlLengths, config);
            weight += unitWeight;
            hasInvalidCharacter |= normalized[offset] is '\uFFFE' or '\uFEFF' or '\uFFFF';
            offset += length;
            if (!hasInvalidCharacter && weight <= maxWeight)
            {
                validEnd = offset;
            }
        }

        var weightedLength = weight / config.Scale;

        // Indices count the text as given: shift them by what normalisation took out (or put in).
        var shift = text.Length - normalized.Length;
        return new TweetParseResult(
            weightedLength,
            Valid: !hasInvalidCharacter && weightedLength <= config.MaxWeightedTweetLength,
            Permillage: weightedLength * 1000 / config.MaxWeightedTweetLength,
            DisplayRangeStart: 0,
            DisplayRangeEnd: text.Length - 1,
            ValidRangeStart: 0,
            ValidRangeEnd: validEnd + shift - 1);
    }

    /// <summary>What X counts as one at <paramref name="offset"/> (a URL, an emoji sequence or a code point): its length and weight.</summary>
    private static (int Length, int Weight) Measure(string text, int offset, Dictionary<int, int> urlLengths, TwitterTextConfig config)
    {
        if (urlLengths.TryGetValue(offset, out var urlLength))
        {
            return (urlLength, config.TransformedUrlLength * config.Scale);
        }

        var emojiLength = config.EmojiParsingEnabled ? Emoji.SequenceLength(text, offset) : 0;
        if (emojiLength > 0)
        {
            return (emojiLength, config.DefaultWeight);
        }

        var codePoint = CodePoints.At(text, offset, out var width);
        return (width, config.WeightOf(codePoint));
    }

    // X counts NFC (an "Á" typed as A + U+0301 is one character). .NET refuses to normalise text holding
    // U+FFFE, U+FFFF or a lone surrogate; none of them combines with a neighbour, so the runs between
    // them are normalised on their own and they are kept as they are.
    private static string Nfc(string text)
    {
        var normalized = new StringBuilder(text.Length);
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]) || text[i] is '\uFFFE' or '\uFFFF')
            {
                normalized.Append(text[run..i].Normalize(NormalizationForm.FormC)).Append(text[i]);
                run = i + 1;
            }
        }

        return normalized.Append(text[run..].Normalize(NormalizationForm.FormC)).ToString();
    }
}
