using System.Globalization;

namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <param name="Hashtag">The tag without its # sign.</param>
/// <param name="Start">Index of the # sign, in UTF-16 code units (C# string indices).</param>
/// <param name="End">Index just past the tag.</param>
internal sealed record HashtagEntity(string Hashtag, int Start, int End);

/// <summary>Hashtags as X links them (twitter-text <c>extractHashtagsWithIndices</c>).</summary>
internal static class Hashtags
{
    // Joiners, CJK and Hebrew marks and other punctuation X accepts inside a tag (twitter-text's
    // HASHTAG_SPECIAL_CHARS), on top of letters, marks and decimal digits in any script.
    private const string SpecialCharacters = "_\u200C\u200D\uA67E\u05BE\u05F3\u05F4\uFF5E\u301C\u309B\u309C\u30A0\u30FB\u3003\u0F0B\u0F0C\u00B7";

    public static IReadOnlyList<HashtagEntity> Extract(string text)
    {
        var hashtags = new List<HashtagEntity>();
        for (var i = 0; i < text.Length; i++)
        {
            var end = TagEnd(text, i);
            if (end > i)
            {
                hashtags.Add(new HashtagEntity(text[(i + 1)..end], i, end));
                i = end - 1;
            }
        }

        return hashtags.Count == 0 ? hashtags : WithoutThoseInsideUrls(hashtags, Urls.Extract(text));
    }

    /// <summary>Whether <paramref name="hashtag"/> is exactly one hashtag, # sign included.</summary>
    public static bool IsValid(string hashtag) =>
        Extract(hashtag) is [var only] && only.Start == 0 && only.End == hashtag.Length;

    /// <summary>Where the hashtag whose # sign is at <paramref name="hash"/> ends; <paramref name="hash"/> itself when none is.</summary>
    private static int TagEnd(string text, int hash)
    {
        if (text[hash] is not ('#' or '＃') || !FollowsBoundary(text, hash))
        {
            return hash;
        }

        // #️⃣ is the keycap emoji, not a tag.
        var end = hash + 1;
        if (end < text.Length && text[end] is '\uFE0F' or '\u20E3')
        {
            return hash;
        }

        var hasLetter = false;
        while (end < text.Length && IsTagCharacter(CodePoints.At(text, end, out var width), out var isLetter))
        {
            hasLetter |= isLetter;
            end += width;
        }

        // "#1" is not a tag, and "#tag#tag" or "#http://…" is something else.
        var runsOn = end < text.Length && (text[end] is '#' or '＃' || text.AsSpan(end).StartsWith("://"));
        return hasLetter && !runsOn ? end : hash;
    }

    // A tag starts a word: not glued to a letter or digit (日本語#タグ), nor to & (an HTML entity), but an
    // emoji's variation selector is no word.
    private static bool FollowsBoundary(string text, int hash)
    {
        if (hash == 0)
        {
            return true;
        }

        var before = CodePoints.Before(text, hash);
        return before is '\uFE0E' or '\uFE0F' || (before != '&' && !IsTagCharacter(before, out _));
    }

    private static bool IsTagCharacter(int codePoint, out bool isLetter)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        isLetter = category <= UnicodeCategory.EnclosingMark; // Lu Ll Lt Lm Lo Mn Mc Me
        return isLetter
            || category == UnicodeCategory.DecimalDigitNumber
            || (codePoint <= char.MaxValue && SpecialCharacters.Contains((char)codePoint, StringComparison.Ordinal));
    }

    // twitter-text drops a tag that starts inside a URL (http://example.com/#anchor).
    private static List<HashtagEntity> WithoutThoseInsideUrls(List<HashtagEntity> hashtags, IReadOnlyList<UrlEntity> urls) =>
        hashtags.Where(tag => !urls.Any(url => url.Start < tag.Start && tag.Start < url.End)).ToList();
}
