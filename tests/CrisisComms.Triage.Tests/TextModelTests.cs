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
        Assert.Equal(model.Irrelevant.Bias, loaded.Irrelevant.Bias);
    }

    [Fact]
    public void A_file_that_is_not_a_model_is_refused_with_a_reason()
    {
        using var stream = new MemoryStream("id,text,label\n"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => TextModel.Load(stream));

        Assert.Contains("not a triage model file", error.Message, StringComparison.Ordinal);
    }
}
