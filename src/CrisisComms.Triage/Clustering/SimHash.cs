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

    /// <summary>Byte k of <c>Spread[b]</c> is bit k of b.</summary>
    private static readonly ulong[] Spread = Enumerable.Range(0, 256)
        .Select(b => Enumerable.Range(0, 8).Aggregate(0UL, (acc, k) => acc | ((ulong)((b >> k) & 1) << (8 * k))))
        .ToArray();

    /// <summary>Too little text to tell a copy from a coincidence (empty, emoji only, one word).</summary>
    public bool TooShort => Shingles < 2;

    public int Band(int i) => (int)(((ulong)Value >> (16 * i)) & 0xFFFF);

    public int Distance(long other) => BitOperations.PopCount((ulong)(Value ^ other));

    public static Fingerprint Of(ReadOnlySpan<char> text)
    {
        Span<Token> tokens = stackalloc Token[TextTokens.MaxTokens];
        var n = TextTokens.Tokenise(text, tokens);
        // Per bit, how many shingle hashes have it set, counted eight bits at a time in byte lanes
        // (a byte never passes 255: the lanes are emptied into the totals first). A bit is set in
        // the fingerprint when more hashes have it than not — the usual ±1 vote, 8× fewer steps.
        Span<ulong> lanes = stackalloc ulong[8];
        Span<int> ones = stackalloc int[64];
        var inLanes = 0;
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

            if (inLanes > 253)
            {
                Empty(lanes, ones);
                inLanes = 0;
            }

            Count(lanes, Mix(token.Hash));
            shingles++;
            inLanes++;
            if (havePrevious)
            {
                Count(lanes, Mix(TextTokens.Combine(previous, token.Hash)));
                shingles++;
                inLanes++;
            }

            previous = token.Hash;
            havePrevious = true;
        }

        Empty(lanes, ones);
        ulong value = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (2 * ones[bit] > shingles)
            {
                value |= 1UL << bit;
            }
        }

        return new Fingerprint((long)value, shingles);
    }

    private static void Count(Span<ulong> lanes, ulong hash)
    {
        for (var j = 0; j < 8; j++)
        {
            lanes[j] += Spread[(int)((hash >> (8 * j)) & 0xFF)];
        }
    }

    private static void Empty(Span<ulong> lanes, Span<int> ones)
    {
        for (var j = 0; j < 8; j++)
        {
            for (var k = 0; k < 8; k++)
            {
                ones[(8 * j) + k] += (int)((lanes[j] >> (8 * k)) & 0xFF);
            }

            lanes[j] = 0;
        }
    }

    internal static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        return h ^ (h >> 33);
    }
}
