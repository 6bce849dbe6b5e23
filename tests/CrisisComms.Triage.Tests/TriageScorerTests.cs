using CrisisComms.Triage.Scoring;
using Xunit;

namespace CrisisComms.Triage.Tests;

public sealed class TriageScorerTests
{
    private static readonly TriageScorer Rules = new(null);
    private static readonly TriageScorer Learned = new(TextModel.LoadEmbedded() ?? throw new InvalidOperationException("the service is built with its model"));

    [Theory]
    [InlineData("We're trapped upstairs and the water is rising", "life-safety words: trapped, water is rising")]
    [InlineData("my dad is unconscious please help", "life-safety words: unconscious")]
    [InlineData("TRAPPD in the car on the A38, cant get out", "life-safety words: trappd, cant get out")]
    [InlineData("help us the water keeps rising", "life-safety words: help us, water keeps rising")]
    [InlineData("Estamos atrapados en el segundo piso", "life-safety words: atrapados")]
    [InlineData("Au secours, nous sommes piégés", "life-safety words: au secours, piégés")]
    [InlineData("Pomocy! Woda wchodzi do domu", "life-safety words: pomocy")]
    [InlineData("救命 我们被困了", "life-safety words: 救命")]
    [InlineData("ساعدونا الماء يرتفع", "life-safety words: ساعدونا")]
    public void Someone_in_danger_is_critical_and_says_why(string text, string reason)
    {
        foreach (var scorer in new[] { Rules, Learned })
        {
            var judgement = scorer.Judge(new MentionFacts(text));

            Assert.Equal(Verdict.NeedsResponse, judgement.Verdict);
            Assert.Equal(Priority.Critical, judgement.Priority);
            Assert.True(judgement.LifeSafety);
            Assert.Contains(reason, judgement.Reasons);
        }
    }

    [Theory]
    [InlineData("Is the A377 open? #DCCFlood", true, "Reply", "High")]
    [InlineData("when will the bins be collected?", false, "Reply", "Medium")]
    [InlineData("where can I get sandbags", false, "DirectMessage", "Medium")]
    public void A_question_put_to_us_needs_a_response_sooner_when_it_is_about_the_incident(string text, bool hashtag, string kind, string expected)
    {
        var judgement = Rules.Judge(new MentionFacts(text, kind, hashtag));

        Assert.Equal(Verdict.NeedsResponse, judgement.Verdict);
        Assert.Equal(expected, judgement.Priority.ToString());
        Assert.Contains("asks a question of us", judgement.Reasons);
    }

    [Fact]
    public void A_question_between_other_people_is_not_a_question_to_us()
    {
        var judgement = Rules.Judge(new MentionFacts("@dave did you see the river this morning?"));

        Assert.NotEqual(Verdict.NeedsResponse, judgement.Verdict);
        Assert.DoesNotContain("asks a question of us", judgement.Reasons);
    }

    [Fact]
    public void A_statement_with_the_incident_tag_is_informational()
    {
        var judgement = Rules.Judge(new MentionFacts("Flood water on Fore Street #DCCFlood", MatchedIncident: true));

        Assert.Equal(Verdict.Informational, judgement.Verdict);
        Assert.Equal(["incident hashtag"], judgement.Reasons);
    }

    [Fact]
    public void A_reported_threat_to_life_is_critical_to_see_without_paging_as_a_person_in_danger()
    {
        var judgement = Rules.Judge(new MentionFacts("Shots fired at the school on Elm Road, police on scene"));

        Assert.Equal(Priority.Critical, judgement.Priority);
        Assert.False(judgement.LifeSafety);
        Assert.Contains("threat to life reported: shots fired", judgement.Reasons);
        Assert.True(judgement.Queued);
    }

    [Fact]
    public void Danger_reported_in_the_news_is_critical_to_see_but_neither_pages_nor_asks_us_to_answer()
    {
        var judgement = Rules.Judge(new MentionFacts("Families trapped by flood water in Tiverton, reports say", Source: "news-feed"));

        Assert.Equal(MessageChannel.News, new MentionFacts(string.Empty, Source: "news-feed").Channel);
        Assert.Equal(Priority.Critical, judgement.Priority);
        Assert.False(judgement.LifeSafety);
        Assert.Equal(Verdict.Informational, judgement.Verdict);
        Assert.Contains("threat to life reported: trapped", judgement.Reasons);
    }

    [Fact]
    public void A_partners_warning_is_seen_but_not_answered()
    {
        var judgement = Rules.Judge(new MentionFacts("Severe Flood Warning: danger to life. River Exe at Bickleigh.", Kind: "Alert"));

        Assert.Equal(Verdict.Informational, judgement.Verdict);
        Assert.False(judgement.LifeSafety);
        Assert.Contains("official warning from a partner", judgement.Reasons);
    }

    [Fact]
    public void A_wide_reach_raises_the_priority_and_says_how_wide()
    {
        var quiet = Rules.Judge(new MentionFacts("is the leisure centre a rest centre?", "Reply"));
        var loud = Rules.Judge(new MentionFacts("is the leisure centre a rest centre?", "Reply", AuthorFollowers: 120_400));

        Assert.Equal(Priority.Medium, quiet.Priority);
        Assert.Equal(Priority.High, loud.Priority);
        Assert.Contains("author reach 120k", loud.Reasons);
    }

    [Fact]
    public void Hearsay_is_marked_as_a_rumour()
    {
        var judgement = Rules.Judge(new MentionFacts("apparently the dam has burst, is it true?", "Reply"));

        Assert.True(judgement.Rumour);
        Assert.Contains(judgement.Reasons, r => r.StartsWith("rumour: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("We have no food or water since yesterday, please send help to Carrefour camp", "NeedsResponse")]
    [InlineData("Lovely sunset over the estuary tonight", "Irrelevant")]
    public void The_learned_model_reads_requests_and_chatter(string text, string expected)
    {
        var judgement = Learned.Judge(new MentionFacts(text));

        Assert.Equal(expected, judgement.Verdict.ToString());
        Assert.NotNull(judgement.Score);
    }

    [Fact]
    public void The_models_reason_names_the_words_that_weighed_most()
    {
        const string text = "We have had no food or water since yesterday, please bring supplies to Carrefour camp";

        var reason = Assert.Single(Learned.Judge(new MentionFacts(text)).Reasons, r => r.StartsWith("reads like a request that needs an answer (", StringComparison.Ordinal));

        // "(0.93: water, food, send)": the probability, then one to three of the message's own words.
        var words = reason[(reason.IndexOf(": ", StringComparison.Ordinal) + 2)..^1].Split(", ");
        Assert.InRange(words.Length, 1, 3);
        Assert.All(words, w => Assert.Contains(w, text.ToLowerInvariant(), StringComparison.Ordinal));
        Assert.Equal(words.Length, words.Distinct().Count());
    }

    [Fact]
    public void Reposts_are_marked_as_repeats()
    {
        var judgement = Rules.Judge(new MentionFacts("RT @council: Rest centre open at the Corn Exchange", IsRepost: true));

        Assert.Contains("repost (a repeat, not a new voice)", judgement.Reasons);
    }
}
