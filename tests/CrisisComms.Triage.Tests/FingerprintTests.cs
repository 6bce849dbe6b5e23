using CrisisComms.Triage.Clustering;
using Xunit;

namespace CrisisComms.Triage.Tests;

public sealed class FingerprintTests
{
    [Theory]
    [InlineData("Is the A377 open between Crediton and Exeter?", "RT @jo: Is the A377 open between Crediton and Exeter?")]
    [InlineData("Is the A377 open between Crediton and Exeter?", "is the a377 open between crediton and exeter")]
    [InlineData("The dam at Roadford has burst, everyone get out now https://t.co/abc", "The dam at Roadford has burst, everyone get out now!! https://t.co/xyz")]
    [InlineData("Heard the Wear Bridge has collapsed into the river, is this true? @DevonCC", "@DevonCC Heard the Wear Bridge has collapsed into the river, is this true?")]
    public void Copies_retweets_and_case_changes_are_near_duplicates(string a, string b)
    {
        var first = Fingerprint.Of(a);
        var second = Fingerprint.Of(b);

        Assert.True(first.Distance(second.Value) <= 3, $"distance {first.Distance(second.Value)}");
        Assert.Contains(Enumerable.Range(0, Fingerprint.Bands), band => first.Band(band) == second.Band(band));
    }

    [Theory]
    [InlineData("Is the A377 open between Crediton and Exeter?", "Where can I collect sandbags in Tiverton today?")]
    [InlineData("Rest centre open at the Corn Exchange", "Schools closed tomorrow in Mid Devon")]
    public void Different_messages_are_far_apart(string a, string b) =>
        Assert.True(Fingerprint.Of(a).Distance(Fingerprint.Of(b).Value) > 3);

    [Theory]
    [InlineData("")]
    [InlineData("🌊🌊🌊")]
    [InlineData("help")]
    [InlineData("@someone https://t.co/x")]
    public void Too_little_text_is_never_clustered(string text) => Assert.True(Fingerprint.Of(text).TooShort);
}
