using CrisisComms.Drafting.Templates;
using Xunit;

namespace CrisisComms.Drafting.Tests.Rules;

public sealed class TemplateTextTests
{
    [Fact]
    public void Placeholders_are_filled_and_unfilled_ones_named()
    {
        var (text, missing) = TemplateText.Fill(
            "{{road}} is closed {{ between }} because of {{incident}}. Use {{diversion}}.",
            new Dictionary<string, string> { ["road"] = "The A38", ["incident"] = "flooding", ["between"] = " " });

        Assert.Equal("The A38 is closed {{ between }} because of flooding. Use {{diversion}}.", text);
        Assert.Equal(["between", "diversion"], missing);
    }

    [Fact]
    public void Every_default_template_uses_only_placeholders_an_officer_can_fill()
    {
        var templates = DefaultTemplates.All(DateTimeOffset.UnixEpoch);

        Assert.Equal(["holding-statement", "update", "road-closure", "rest-centre-open", "school-closures", "all-clear"], templates.Select(t => t.Key));
        Assert.All(templates, t => Assert.Contains("hashtag", TemplateText.Placeholders(t.Body)));
    }
}
