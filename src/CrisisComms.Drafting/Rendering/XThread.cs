using System.Globalization;
using CrisisComms.Drafting.Rendering.TwitterText;

namespace CrisisComms.Drafting.Rendering;

/// <summary>Splits a post too long for X into a numbered thread, at sentence ends where it can.</summary>
internal static class XThread
{
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The numbering takes room, and its width depends on how many parts there are: try until stable.
        var parts = 2;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var split = Pack(Pieces(text), limit - Suffix(parts, parts).Length);
            if (split.Count == parts)
            {
                return Number(split);
            }

            parts = split.Count;
        }

        return Number(Pack(Pieces(text), limit - Suffix(parts, parts).Length));
    }

    private static List<string> Number(List<string> parts) =>
        parts.Select((p, i) => p + Suffix(i + 1, parts.Count)).ToList();

    private static string Suffix(int index, int count) => string.Create(CultureInfo.InvariantCulture, $" ({index}/{count})");

    // Sentences; a sentence longer than a post is broken at words.
    private static IEnumerable<string> Pieces(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' or '\n' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                yield return text[start..(i + 1)].Trim();
                start = i + 1;
            }
        }

        if (start < text.Length && text[start..].Trim() is { Length: > 0 } rest)
        {
            yield return rest;
        }
    }

    private static List<string> Pack(IEnumerable<string> pieces, int budget)
    {
        var parts = new List<string>();
        var current = string.Empty;
        foreach (var piece in pieces.SelectMany(p => Fits(p, budget) ? [p] : Words(p, budget)))
        {
            var candidate = current.Length == 0 ? piece : $"{current} {piece}";
            if (Fits(candidate, budget))
            {
                current = candidate;
            }
            else
            {
                parts.Add(current);
                current = piece;
            }
        }

        if (current.Length > 0)
        {
            parts.Add(current);
        }

        return parts;
    }

    private static IEnumerable<string> Words(string sentence, int budget)
    {
        var current = string.Empty;
        foreach (var word in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : $"{current} {word}";
            if (Fits(candidate, budget) || current.Length == 0)
            {
                current = candidate;
            }
            else
            {
                yield return current;
                current = word;
            }
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }

    private static bool Fits(string text, int budget) => TweetParser.Parse(text, TwitterTextConfig.V3).WeightedLength <= budget;
}
