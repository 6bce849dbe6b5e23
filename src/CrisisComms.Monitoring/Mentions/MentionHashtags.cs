using System.Globalization;

namespace CrisisComms.Monitoring.Mentions;

/// <summary>
/// The hashtags in what someone wrote, as X links them (twitter-text's rules: a tag starts a word, holds
/// letters, marks, digits and a few joiners, has at least one letter, and is not part of a URL). The same
/// rules drafting uses to issue tags; both copies belong in a shared twitter-text library.
/// </summary>
internal static class MentionHashtags
{
    private const string SpecialCharacters = "_\u200C\u200D\uA67E\u05BE\u05F3\u05F4\uFF5E\u301C\u309B\u309C\u30A0\u30FB\u3003\u0F0B\u0F0C\u00B7";

    /// <summary>Each distinct tag, without '#', lower case (X treats tags case-insensitively).</summary>
    public static IReadOnlyList<string> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tags = new List<string>();
        for (var i = 0; i < text.Length; i++)
        {
            var end = TagEnd(text, i);
            if (end > i)
            {
                if (!InsideUrl(text, i))
                {
                    var tag = Normalise(text[(i + 1)..end]);
                    if (!tags.Contains(tag, StringComparer.Ordinal))
                    {
                        tags.Add(tag);
                    }
                }

                i = end - 1;
            }
        }

        return tags;
    }

    /// <summary>A tag as stored and compared: no '#', NFC, lower case (invariant).</summary>
    public static string Normalise(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var bare = tag.Trim().TrimStart('#', '＃');
        return bare.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();
    }

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
        while (end < text.Length && IsTagCharacter(CodePointAt(text, end, out var width), out var isLetter))
        {
            hasLetter |= isLetter;
            end += width;
        }

        // "#1" is not a tag, and "#tag#tag" or "#http://…" is something else.
        var runsOn = end < text.Length && (text[end] is '#' or '＃' || text.AsSpan(end).StartsWith("://"));
        return hasLetter && !runsOn ? end : hash;
    }

    private static bool FollowsBoundary(string text, int hash)
    {
        if (hash == 0)
        {
            return true;
        }

        var before = CodePointBefore(text, hash);
        return before is '\uFE0E' or '\uFE0F' || (before != '&' && !IsTagCharacter(before, out _));
    }

    private static bool IsTagCharacter(int codePoint, out bool isLetter)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        isLetter = category <= UnicodeCategory.EnclosingMark;
        return isLetter
            || category == UnicodeCategory.DecimalDigitNumber
            || (codePoint <= char.MaxValue && SpecialCharacters.Contains((char)codePoint, StringComparison.Ordinal));
    }

    // http://example.com/#anchor is a link, not a tag: the '#' sits in a word that holds "://".
    private static bool InsideUrl(string text, int hash)
    {
        var start = hash;
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        return text.AsSpan(start, hash - start).Contains("://", StringComparison.Ordinal);
    }

    private static int CodePointAt(string text, int index, out int width)
    {
        width = char.IsSurrogatePair(text, index) ? 2 : 1;
        return width == 2 ? char.ConvertToUtf32(text[index], text[index + 1]) : text[index];
    }

    private static int CodePointBefore(string text, int index) =>
        index >= 2 && char.IsSurrogatePair(text[index - 2], text[index - 1])
            ? char.ConvertToUtf32(text[index - 2], text[index - 1])
            : text[index - 1];
}
