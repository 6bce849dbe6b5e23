using System.Diagnostics;
using CrisisComms.Drafting.Rendering.TwitterText;
using Xunit;

namespace CrisisComms.Drafting.Tests.TwitterText;

/// <summary>Choices the conformance suite leaves open, with config v3 (what X applies today).</summary>
public sealed class TweetParserTests
{
    [Theory]
    [InlineData("©", 1)] // Latin-1 is light...
    [InlineData("©\uFE0F", 2)] // ...until VS16 asks for the emoji
    [InlineData("☺\uFE0E", 4)] // VS15 asks for text: two heavy code points
    [InlineData("🇬🇧🇫🇷", 4)] // a flag is one emoji
    [InlineData("❤️‍🔥", 2)] // a ZWJ sequence newer than twitter-text's list is one emoji too (it would count 5)
    public void An_emoji_sequence_weighs_2(string text, int weightedLength) =>
        Assert.Equal(weightedLength, TweetParser.Parse(text, TwitterTextConfig.V3).WeightedLength);

    [Fact]
    public void A_url_counts_23_whatever_its_length()
    {
        var result = TweetParser.Parse("Road closures: https://www.devon.gov.uk/roadsandtransport/closures/a38", TwitterTextConfig.V3);

        Assert.Equal("Road closures: ".Length + 23, result.WeightedLength);
    }

    [Fact]
    public void A_url_on_a_tld_outside_the_curated_list_counts_its_characters()
    {
        // X would count 23 (twitter-text knows every TLD); see Tlds for why the list is curated.
        var result = TweetParser.Parse("https://example.abbott", TwitterTextConfig.V3);

        Assert.Equal("https://example.abbott".Length, result.WeightedLength);
    }

    [Fact]
    public void The_valid_range_ends_with_the_last_character_that_fits()
    {
        // 278 + 2 fills the 280; the range ends on the low surrogate of the first wave.
        var text = new string('a', 278) + "🌊🌊";

        var result = TweetParser.Parse(text, TwitterTextConfig.V3);

        Assert.Equal((282, false, 279, 281), (result.WeightedLength, result.Valid, result.ValidRangeEnd, result.DisplayRangeEnd));
    }

    [Fact]
    public void A_long_run_of_dotted_words_is_counted_quickly()
    {
        // Trying a host after every full stop, as twitter-text does, took 90 s for these 10,000 characters.
        var text = string.Concat(Enumerable.Repeat("a.", 5_000));
        var clock = Stopwatch.StartNew();

        var result = TweetParser.Parse(text, TwitterTextConfig.V3);

        Assert.Equal(10_000, result.WeightedLength);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }
}
