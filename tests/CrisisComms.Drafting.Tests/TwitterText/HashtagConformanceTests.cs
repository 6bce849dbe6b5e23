using CrisisComms.Drafting.Rendering.TwitterText;
using Xunit;

namespace CrisisComms.Drafting.Tests.TwitterText;

public sealed class HashtagConformanceTests
{
    public static TheoryData<string> ExtractCases() => Conformance.Descriptions("extract.yml", "hashtags");

    public static TheoryData<string> AstralCases() => Conformance.Descriptions("extract.yml", "hashtags_from_astral");

    public static TheoryData<string> IndexCases() => Conformance.Descriptions("extract.yml", "hashtags_with_indices");

    public static TheoryData<string> ValidationCases() => Conformance.Descriptions("validate.yml", "hashtags");

    [Theory]
    [MemberData(nameof(ExtractCases))]
    public void Extracts_the_hashtags_twitter_text_extracts(string description) =>
        AssertExtracts(Conformance.Case("extract.yml", "hashtags", description));

    [Theory]
    [MemberData(nameof(AstralCases))]
    public void Extracts_hashtags_with_letters_beyond_the_basic_plane(string description) =>
        AssertExtracts(Conformance.Case("extract.yml", "hashtags_from_astral", description));

    [Theory]
    [MemberData(nameof(IndexCases))]
    public void Places_each_hashtag_where_twitter_text_does(string description)
    {
        var @case = Conformance.Case("extract.yml", "hashtags_with_indices", description);

        var hashtags = Hashtags.Extract(@case.Text).Select(tag => (tag.Hashtag, tag.Start, tag.End));

        Assert.Equal(@case.ExpectedEntities("hashtag"), hashtags);
    }

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public void Accepts_a_hashtag_as_twitter_text_does(string description)
    {
        var @case = Conformance.Case("validate.yml", "hashtags", description);

        Assert.Equal(@case.ExpectedBoolean(), Hashtags.IsValid(@case.Text));
    }

    [Theory]
    [InlineData("#DCCFlood", true)]
    [InlineData("#DCCFlood update", false)]
    [InlineData("#DCCFlood.", false)]
    [InlineData("#DCC#Flood", false)]
    [InlineData("DCCFlood", false)]
    public void A_valid_hashtag_is_the_whole_text(string text, bool valid) =>
        Assert.Equal(valid, Hashtags.IsValid(text));

    [Fact]
    public void Indices_count_UTF16_code_units_as_CSharp_strings_do()
    {
        // As twitter-text's Java and JavaScript libraries count (Ruby and X's API count code points);
        // no conformance case tells them apart.
        var tag = Assert.Single(Hashtags.Extract("🌊 #DCCFlood"));

        Assert.Equal((3, 12), (tag.Start, tag.End));
    }

    private static void AssertExtracts(ConformanceCase @case) =>
        Assert.Equal(@case.ExpectedStrings, Hashtags.Extract(@case.Text).Select(tag => tag.Hashtag));
}
