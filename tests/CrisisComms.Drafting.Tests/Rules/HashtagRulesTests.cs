using CrisisComms.Drafting.Tags;
using Xunit;

namespace CrisisComms.Drafting.Tests.Rules;

public sealed class HashtagRulesTests
{
    [Theory]
    [InlineData("DCC", "flood", "#DCCFlood")]
    [InlineData("DCC", "river exe flooding", "#DCCRiverExeFlooding")]
    [InlineData("NCC", "snow: A38 closed!", "#NCCSnowA38Closed")]
    [InlineData("DCC", "  power   cut ", "#DCCPowerCut")]
    [InlineData("CCC", "llifogydd ŵyl", "#CCCLlifogyddŴyl")]
    public void The_tag_is_the_prefix_then_the_name_in_CamelCase(string prefix, string name, string expected) =>
        Assert.Equal(expected, HashtagRules.Compose(prefix, name));

    [Theory]
    [InlineData("River Exe flooding", "Flood")]
    [InlineData("Power cut across Exeter", "PowerCut")]
    [InlineData("Snow on the moors", "Snow")]
    [InlineData("Major incident at the Quay", "Quay")]
    [InlineData("Bridge Road closure", "Bridge Road")]
    [InlineData("the a of", "Incident")]
    public void A_name_is_suggested_from_the_title_hazard_first(string title, string expected) =>
        Assert.Equal(expected, HashtagRules.SuggestName(title));

    [Theory]
    [InlineData("#DCCFlood", "DCC", 0)]
    [InlineData("DCCFlood", "DCC", 2)]
    [InlineData("#NCCFlood", "DCC", 1)]
    [InlineData("#DCC", "DCC", 1)]
    [InlineData("#DCCAVeryLongNameThatNobodyWillTypeRight", "DCC", 1)]
    [InlineData("#DCC2026", "DCC", 0)]
    public void A_tag_is_checked_against_the_prefix_length_and_X_rules(string tag, string prefix, int problems) =>
        Assert.Equal(problems, HashtagRules.Problems(tag, prefix).Count);

    [Fact]
    public void An_all_digit_tag_is_not_a_hashtag_on_X() =>
        Assert.Contains(HashtagRules.Problems("#2026", string.Empty), p => p.Contains("valid hashtag", StringComparison.Ordinal));

    [Fact]
    public void Alternatives_use_the_place_and_the_date_and_are_all_valid()
    {
        var alternatives = HashtagRules.Alternatives("DCC", "Flood", ["Exeter St Thomas", "the Haldon Hill"], new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal(["#DCCExeterFlood", "#DCCHaldonFlood", "#DCCFloodNov", "#DCCFlood2026", "#DCCFloodNov26"], alternatives);
        Assert.All(alternatives, a => Assert.Empty(HashtagRules.Problems(a, "DCC")));
    }
}
