using CrisisComms.Triage.Scoring;
using Xunit;

namespace CrisisComms.Triage.Tests;

public sealed class RuleScorerTests
{
    [Theory]
    [InlineData("We're trapped upstairs and the water is rising", "life-safety words: trapped, water is rising")]
    [InlineData("my dad is unconscious please help", "life-safety words: unconscious")]
    public void Someone_in_danger_is_critical_and_says_why(string text, string reason)
    {
        var judgement = RuleScorer.Judge(text, matchedIncidentHashtag: false);

        Assert.Equal(Verdict.NeedsResponse, judgement.Verdict);
        Assert.Equal(Priority.Critical, judgement.Priority);
        Assert.Contains(reason, judgement.Reasons);
    }

    [Theory]
    [InlineData("Is the A377 open?", true, "High")]
    [InlineData("when will the bins be collected", false, "Medium")]
    public void A_question_needs_a_response_sooner_when_it_is_about_the_incident(string text, bool hashtag, string expected)
    {
        var judgement = RuleScorer.Judge(text, hashtag);

        Assert.Equal(Verdict.NeedsResponse, judgement.Verdict);
        Assert.Equal(expected, judgement.Priority.ToString());
        Assert.Contains("asks a question of us", judgement.Reasons);
    }

    [Fact]
    public void A_statement_with_the_incident_tag_is_informational()
    {
        var judgement = RuleScorer.Judge("Flood water on Fore Street #DCCFlood", matchedIncidentHashtag: true);

        Assert.Equal(Verdict.Informational, judgement.Verdict);
        Assert.Equal(["incident hashtag"], judgement.Reasons);
    }

    [Theory]
    [InlineData("")]
    [InlineData("🌊🌊🌊")]
    [InlineData("מים עולים")]
    [InlineData("\0\u0001\u0002")]
    public void Odd_text_is_judged_without_error(string text)
    {
        var judgement = RuleScorer.Judge(text, matchedIncidentHashtag: false);

        Assert.NotEmpty(judgement.Reasons);
    }
}
