using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CrisisComms.Triage.Scoring;

/// <summary>What kind of thing a token is: a word, a #hashtag, or a placeholder for an @handle or a link.</summary>
internal enum TokenKind : byte
{
    Word,
    Hashtag,
    Handle,
    Link,
}

/// <summary>A token: its hash over the folded text (lower case, accents off, apostrophes dropped) and where it was.</summary>
internal readonly record struct Token(ulong Hash, int Start, int Length, TokenKind Kind);

/// <summary>
/// One pass over the text, no allocation: words folded to lower case without accents (so "Trapped",
/// "TRAPPED" and "trappéd" meet), apostrophes dropped inside words ("can't" → "cant"), handles and links
/// reduced to one placeholder each (a name is not a signal, and must not be learned as one).
/// </summary>
internal static class TextTokens
{
    /// <summary>Only the start of a huge text is judged; the whole text is still kept on the item.</summary>
    public const int MaxJudgedChars = 4_000;

    public const int MaxTokens = 512;

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private static readonly char[] Fold = BuildFoldTable();

    public static readonly ulong HandleHash = HashOf("@handle");
    public static readonly ulong LinkHash = HashOf("http link");

    /// <summary>Tokenises at most <see cref="MaxJudgedChars"/> characters into <paramref name="tokens"/>; returns how many.</summary>
    public static int Tokenise(ReadOnlySpan<char> text, Span<Token> tokens)
    {
        if (text.Length > MaxJudgedChars)
        {
            text = text[..MaxJudgedChars];
        }

        var count = 0;
        var i = 0;
        while (i < text.Length && count < tokens.Length)
        {
            var c = text[i];
            if (c == 'h' && IsLinkAt(text, i))
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                tokens[count++] = new Token(LinkHash, start, i - start, TokenKind.Link);
                continue;
            }

            if (c == '@' && i + 1 < text.Length && IsWordChar(text[i + 1]))
            {
                var start = i++;
                while (i < text.Length && (IsWordChar(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens[count++] = new Token(HandleHash, start, i - start, TokenKind.Handle);
                continue;
            }

            var hashtag = (c == '#' || c == '＃') && i + 1 < text.Length && IsWordChar(text[i + 1]);
            if (hashtag)
            {
                i++;
            }

            if (i < text.Length && IsWordChar(text[i]))
            {
                var start = i;
                var hash = FnvOffset;
                while (i < text.Length)
                {
                    var w = text[i];
                    if (IsWordChar(w))
                    {
                        var f = w < Fold.Length ? Fold[w] : (char.IsSurrogate(w) ? w : char.ToLowerInvariant(w));
                        if (f != '\0')
                        {
                            hash = (hash ^ f) * FnvPrime;
                        }

                        i++;
                    }
                    else if ((w == '\'' || w == '’') && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > start)
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                tokens[count++] = new Token(hash, hashtag ? start - 1 : start, i - start + (hashtag ? 1 : 0), hashtag ? TokenKind.Hashtag : TokenKind.Word);
                continue;
            }

            i++;
        }

        return count;
    }

    /// <summary>A character as the tokeniser folds it ('\0' for one it drops).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char FoldChar(char c) => c < Fold.Length ? Fold[c] : (char.IsSurrogate(c) ? c : char.ToLowerInvariant(c));

    /// <summary>The hash a word or phrase of words gets (phrases: the pair hashes of <see cref="Combine"/>).</summary>
    public static ulong HashOf(string words)
    {
        Span<Token> tokens = stackalloc Token[16];
        var n = Tokenise(words, tokens);
        if (n == 0)
        {
            return 0;
        }

        var hash = tokens[0].Hash;
        for (var k = 1; k < n; k++)
        {
            hash = Combine(hash, tokens[k].Hash);
        }

        return hash;
    }

    /// <summary>An order-sensitive hash of two hashes (for bigrams and phrases).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Combine(ulong a, ulong b)
    {
        var h = (a * 0x9E3779B97F4A7C15UL) ^ (b + 0x632BE59BD9B4E019UL + (a << 6) + (a >> 2));
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return h ^ (h >> 32);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWordChar(char c) =>
        c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' || (uint)(c - '0') <= 9 : char.IsLetterOrDigit(c) || char.IsSurrogate(c) || IsMark(c);

    private static bool IsMark(char c)
    {
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsLinkAt(ReadOnlySpan<char> text, int i) =>
        text[i..].StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text[i..].StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Lower case and without accents for Latin, Greek and Cyrillic; '\0' for combining marks (dropped).</summary>
    private static char[] BuildFoldTable()
    {
        var table = new char[0x0530];
        for (var c = 0; c < table.Length; c++)
        {
            var ch = (char)c;
            if (CharUnicodeInfo.GetUnicodeCategory(ch) is UnicodeCategory.NonSpacingMark)
            {
                table[c] = '\0';
                continue;
            }

            var lower = char.ToLowerInvariant(ch);
            var decomposed = lower.ToString().Normalize(NormalizationForm.FormD);
            table[c] = decomposed.Length > 0 && decomposed[0] < 0x0530 ? decomposed[0] : lower;
        }

        table['ı'] = 'i';
        table['ł'] = 'l';
        table['ø'] = 'o';
        table['ß'] = 's';
        return table;
    }
}
