using CrisisComms.Drafting.Rendering.TwitterText;
using Xunit;

namespace CrisisComms.Drafting.Tests.TwitterText;

/// <summary>
/// validate.yml's counting sections, each with the configuration twitter-text's own runners use
/// (Java, Objective-C, Rust): v2 for the plain weighted counts, v3 for the emoji and directional ones.
/// </summary>
public sealed class WeightedLengthConformanceTests
{
    public static TheoryData<string> WeightedCases() => Conformance.Descriptions("validate.yml", "WeightedTweetsCounterTest");

    public static TheoryData<string> EmojiCases() =>
        Conformance.Descriptions("validate.yml", "WeightedTweetsWithDiscountedEmojiCounterTest");

    public static TheoryData<string> DirectionalMarkerCases() =>
        Conformance.Descriptions("validate.yml", "UnicodeDirectionalMarkerCounterTest");

    [Theory]
    [MemberData(nameof(WeightedCases))]
    public void Counts_each_code_point_by_its_weight_with_config_v2(string description) =>
        AssertCounts("WeightedTweetsCounterTest", description, "v2.json");

    [Theory]
    [MemberData(nameof(EmojiCases))]
    public void Counts_an_emoji_sequence_once_with_config_v3(string description) =>
        AssertCounts("WeightedTweetsWithDiscountedEmojiCounterTest", description, "v3.json");

    [Theory]
    [MemberData(nameof(DirectionalMarkerCases))]
    public void Counts_directional_markers_and_rejects_invalid_characters_with_config_v3(string description) =>
        AssertCounts("UnicodeDirectionalMarkerCounterTest", description, "v3.json");

    [Theory]
    [InlineData("v2.json")]
    [InlineData("v3.json")]
    public void The_built_in_configurations_are_the_published_ones(string file)
    {
        var builtIn = file == "v2.json" ? TwitterTextConfig.V2 : TwitterTextConfig.V3;

        Assert.Equivalent(Conformance.Config(file), builtIn, strict: true);
    }

    [Fact]
    public void A_blank_post_is_not_valid() =>
        Assert.Equal(new TweetParseResult(0, false, 0, 0, -1, 0, -1), TweetParser.Parse(" \n ", TwitterTextConfig.V3));

    private static void AssertCounts(string section, string description, string config)
    {
        var @case = Conformance.Case("validate.yml", section, description);
        var expected = new TweetParseResult(
            @case.ExpectedNumber("weightedLength"),
            @case.ExpectedBoolean("valid"),
            @case.ExpectedNumber("permillage"),
            @case.ExpectedNumber("displayRangeStart"),
            @case.ExpectedNumber("displayRangeEnd"),
            @case.ExpectedNumber("validRangeStart"),
            @case.ExpectedNumber("validRangeEnd"));

        Assert.Equal(expected, TweetParser.Parse(@case.Text, Conformance.Config(config)));
    }
}
