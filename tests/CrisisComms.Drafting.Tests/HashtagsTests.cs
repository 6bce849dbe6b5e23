using CrisisComms.Drafting.Incidents;
using Xunit;

namespace CrisisComms.Drafting.Tests;

public sealed class HashtagsTests
{
    [Theory]
    [InlineData("DCC", "flood", "#DCCFlood")]
    [InlineData("DCC", "river exe flooding", "#DCCRiverExeFlooding")]
    [InlineData("NCC", "snow: A38 closed!", "#NCCSnowA38Closed")]
    [InlineData("DCC", "  power   cut ", "#DCCPowerCut")]
    public void The_tag_is_the_prefix_then_the_name_in_CamelCase(string prefix, string name, string expected) =>
        Assert.Equal(expected, Hashtags.Compose(prefix, name));
}
