using CrisisComms.Triage.Clustering;
using CrisisComms.Triage.Scoring;
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

    [Theory]
    [InlineData("Is the A377 open between Crediton and Exeter?")]
    [InlineData("RT @jo: The dam at Roadford has burst, everyone get out now https://t.co/abc")]
    [InlineData("long")]
    public void The_counted_vote_is_the_plain_plus_or_minus_one_vote(string kind)
    {
        // "long": more shingles than a byte lane holds, so the lanes are emptied mid-text.
        var text = kind == "long"
            ? string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i % 37} river{i % 11}"))
            : kind;

        Assert.Equal(PlainVote(text), Fingerprint.Of(text).Value);
    }

    /// <summary>SimHash as written in the textbook: each shingle's hash votes ±1 on every bit.</summary>
    private static long PlainVote(string text)
    {
        var tokens = new Token[TextTokens.MaxTokens];
        var n = TextTokens.Tokenise(text, tokens);
        var votes = new int[64];
        ulong? previous = null;
        for (var i = 0; i < n; i++)
        {
            if (tokens[i].Kind is TokenKind.Handle or TokenKind.Link || (i == 0 && tokens[i].Hash == TextTokens.HashOf("rt")))
            {
                continue;
            }

            var hashes = previous is { } p ? new[] { tokens[i].Hash, TextTokens.Combine(p, tokens[i].Hash) } : [tokens[i].Hash];
            foreach (var hash in hashes.Select(Fingerprint.Mix))
            {
                for (var bit = 0; bit < 64; bit++)
                {
                    votes[bit] += ((hash >> bit) & 1) == 1 ? 1 : -1;
                }
            }

            previous = tokens[i].Hash;
        }

        return (long)Enumerable.Range(0, 64).Where(bit => votes[bit] > 0).Aggregate(0UL, (value, bit) => value | (1UL << bit));
    }
}
