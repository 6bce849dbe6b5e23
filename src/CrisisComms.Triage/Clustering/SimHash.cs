using System.Numerics;
using CrisisComms.Triage.Scoring;

namespace CrisisComms.Triage.Clustering;

/// <summary>
/// A 64-bit SimHash over the shingles (single words and word pairs) of the folded text, without the
/// "RT", handles and links that differ between copies. Near-duplicates — retweets, copy-paste, the same
/// question with a word changed — land within a few bits of each other. Four 16-bit bands are stored
/// and indexed: two fingerprints within 3 bits share at least one band exactly, so candidates are found
/// by index and confirmed by distance.
/// </summary>
internal readonly record struct Fingerprint(long Value, int Shingles)
{
    public const int Bands = 4;

    /// <summary>Too little text to tell a copy from a coincidence (empty, emoji only, one word).</summary>
    public bool TooShort => Shingles < 2;

    public int Band(int i) => (int)(((ulong)Value >> (16 * i)) & 0xFFFF);

    public int Distance(long other) => BitOperations.PopCount((ulong)(Value ^ other));

    public static Fingerprint Of(ReadOnlySpan<char> text)
    {
        Span<Token> tokens = stackalloc Token[TextTokens.MaxTokens];
        var n = TextTokens.Tokenise(text, tokens);
        Span<int> votes = stackalloc int[64];
        var shingles = 0;
        ulong previous = 0;
        var havePrevious = false;
        var rt = TextTokens.HashOf("rt");
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            if (token.Kind is TokenKind.Handle or TokenKind.Link || (i == 0 && token.Hash == rt))
            {
                continue;
            }

            Vote(votes, Mix(token.Hash));
            shingles++;
            if (havePrevious)
            {
                Vote(votes, Mix(TextTokens.Combine(previous, token.Hash)));
                shingles++;
            }

            previous = token.Hash;
            havePrevious = true;
        }

        ulong value = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (votes[bit] > 0)
            {
                value |= 1UL << bit;
            }
        }

        return new Fingerprint((long)value, shingles);
    }

    private static void Vote(Span<int> votes, ulong hash)
    {
        for (var bit = 0; bit < 64; bit++)
        {
            votes[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
        }
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }
}
