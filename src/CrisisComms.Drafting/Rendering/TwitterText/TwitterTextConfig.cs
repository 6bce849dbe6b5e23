using System.Text.Json;

namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <summary>Code points from <paramref name="Start"/> to <paramref name="End"/> (inclusive) weigh <paramref name="Weight"/>.</summary>
internal sealed record WeightedRange(int Start, int End, int Weight)
{
    public bool Contains(int codePoint) => codePoint >= Start && codePoint <= End;
}

/// <summary>
/// How X weighs a post: twitter-text's configuration format (twitter-text <c>config/README.md</c>).
/// A post is valid up to <see cref="MaxWeightedTweetLength"/> × <see cref="Scale"/> weight units.
/// </summary>
internal sealed record TwitterTextConfig
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public required int Version { get; init; }

    public required int MaxWeightedTweetLength { get; init; }

    public required int Scale { get; init; }

    /// <summary>Weight of a code point outside every range, and of a whole emoji sequence.</summary>
    public required int DefaultWeight { get; init; }

    /// <summary>When set, an emoji sequence (skin tone, ZWJ family, flag…) weighs <see cref="DefaultWeight"/> once.</summary>
    public bool EmojiParsingEnabled { get; init; }

    /// <summary>What every URL counts, whatever its length: X shortens it to a t.co link.</summary>
    public int TransformedUrlLength { get; init; } = 23;

    public IReadOnlyList<WeightedRange> Ranges { get; init; } = [];

    // The published ranges shared by v2 and v3: Latin to Georgian, and the General Punctuation
    // spaces, dashes and quotes weigh half of everything else (CJK, emoji…).
    private static readonly WeightedRange[] LightRanges =
    [
        new(0x0000, 0x10FF, 100),
        new(0x2000, 0x200D, 100),
        new(0x2010, 0x201F, 100),
        new(0x2032, 0x2037, 100),
    ];

    /// <summary>twitter-text <c>config/v2.json</c>: 280 weighted characters, an emoji counts its code points.</summary>
    public static TwitterTextConfig V2 { get; } = new()
    {
        Version = 2,
        MaxWeightedTweetLength = 280,
        Scale = 100,
        DefaultWeight = 200,
        TransformedUrlLength = 23,
        Ranges = LightRanges,
    };

    /// <summary>twitter-text <c>config/v3.json</c>, X's current rule: as v2, but an emoji sequence counts 2.</summary>
    public static TwitterTextConfig V3 { get; } = V2 with { Version = 3, EmojiParsingEnabled = true };

    /// <summary>Reads the JSON format of twitter-text's <c>config/*.json</c>.</summary>
    public static TwitterTextConfig FromJson(string json) =>
        JsonSerializer.Deserialize<TwitterTextConfig>(json, Json)
        ?? throw new JsonException("a twitter-text configuration is a JSON object, not null");

    public int WeightOf(int codePoint)
    {
        foreach (var range in Ranges)
        {
            if (range.Contains(codePoint))
            {
                return range.Weight;
            }
        }

        return DefaultWeight;
    }
}
