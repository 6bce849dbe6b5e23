using CrisisComms.Triage.Scoring;
using Xunit;

namespace CrisisComms.Triage.Tests;

public sealed class TextModelTests
{
    [Fact]
    public void A_saved_model_loads_with_the_same_weights_and_thresholds()
    {
        var model = TextModel.LoadEmbedded()!;
        using var stream = new MemoryStream();

        model.Save(stream);
        stream.Position = 0;
        var loaded = TextModel.Load(stream);

        Assert.Equal(model.Description, loaded.Description);
        Assert.Equal(model.NeedsResponse.Weights, loaded.NeedsResponse.Weights);
        Assert.Equal(model.Critical.Threshold, loaded.Critical.Threshold);
        Assert.Equal(model.NeedsResponse.Thresholds, loaded.NeedsResponse.Thresholds);
        Assert.Equal(model.Irrelevant.Bias, loaded.Irrelevant.Bias);
    }

    [Theory]
    [InlineData("Sms", "sms", "Direct")]
    [InlineData("Post", "email", "Direct")]
    [InlineData("DirectMessage", "x-mentions", "Direct")]
    [InlineData("Email", "email", "Direct")]
    [InlineData("Post", "feed", "News")]
    [InlineData("Post", "x-search", "Public")]
    [InlineData("Reply", "x-mentions", "Public")]
    public void The_channel_the_model_reads_in_comes_from_the_kind_and_source(string kind, string source, string expected) =>
        Assert.Equal(expected, new MentionFacts("we need water", kind, Source: source).Channel.ToString());

    [Fact]
    public void The_same_words_score_differently_by_channel_and_each_channel_has_its_threshold()
    {
        var model = TextModel.LoadEmbedded()!;
        var text = "we need water and food in the shelter";
        var scores = Enum.GetValues<MessageChannel>().Select(channel =>
        {
            var features = new int[TextAnalysis.MaxFeatures];
            TextAnalysis.Analyse(text, features, out var count, channel);
            return model.NeedsResponse.Probability(features.AsSpan(0, count));
        }).ToList();

        Assert.True(scores.Distinct().Count() > 1, "the channel changes the score");
        Assert.Equal(ModelHead.ChannelCount, model.NeedsResponse.Thresholds.Count);
        Assert.All(model.NeedsResponse.Thresholds, t => Assert.InRange(t, 0.01f, 0.99f));
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_a_reason()
    {
        using var stream = new MemoryStream("id,text,label\n"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => TextModel.Load(stream));

        Assert.Contains("not a triage model file", error.Message, StringComparison.Ordinal);
    }
}
