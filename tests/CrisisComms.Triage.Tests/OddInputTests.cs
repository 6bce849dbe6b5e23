using CrisisComms.Triage.Clustering;
using CrisisComms.Triage.Queue;
using CrisisComms.Triage.Scoring;
using Xunit;

namespace CrisisComms.Triage.Tests;

/// <summary>Whatever arrives is judged without error and kept: nothing is dropped for being odd.</summary>
public sealed class OddInputTests
{
    public static TheoryData<string?> OddTexts => new()
    {
        null,
        string.Empty,
        "   \r\n\t ",
        "🌊🌊🌊🆘🆘",
        "\0\u0001\u0002\u0003binary\0\u00ff\ufffe",
        "\ud83c",
        "abc\udc00def",
        "מים עולים, אנחנו לכודים בבית",
        "الماء يرتفع ونحن محاصرون",
        "Help! Вода поднимается 水位上涨 water rising",
        new string('a', 1_000_000),
        string.Concat(Enumerable.Repeat("trapped ", 200_000)),
        string.Concat(Enumerable.Repeat("\u200f\u202e", 5_000)),
        "#",
        "@",
        "http://",
    };

    [Theory]
    [MemberData(nameof(OddTexts))]
    public void Odd_text_is_judged_with_a_reason(string? text)
    {
        var scorer = new TriageScorer(TextModel.LoadEmbedded());

        var judgement = scorer.Judge(new MentionFacts(text));

        Assert.NotEmpty(judgement.Reasons);
        Assert.True(Enum.IsDefined(judgement.Verdict));
        _ = Fingerprint.Of(text);
    }

    [Fact]
    public void Text_for_storage_loses_only_what_the_database_cannot_hold()
    {
        Assert.Equal("a\uFFFDb\uFFFDc", ItemPicture.Clean("a\0b\ud800c", 100));
        Assert.Equal("🌊🌊", ItemPicture.Clean("🌊🌊🌊", 5));
        Assert.Equal(20_000, ItemPicture.Clean(new string('x', 50_000), 20_000).Length);
        Assert.Equal("Зоопарк مياه", ItemPicture.Clean("Зоопарк مياه", 100));
        Assert.Equal(string.Empty, ItemPicture.Clean(null, 100));
    }

    [Fact]
    public void A_summary_is_one_line_and_never_splits_an_emoji()
    {
        var summary = ItemPicture.Summary(string.Concat(Enumerable.Repeat("🌊", 300)));

        Assert.True(summary.Length <= ItemPicture.SummaryLength + 1);
        Assert.False(char.IsHighSurrogate(summary[^2]));
        Assert.Equal("a b c", ItemPicture.Summary("a\nb\r\n c"));
    }
}
