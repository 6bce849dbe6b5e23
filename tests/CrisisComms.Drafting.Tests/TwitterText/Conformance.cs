using System.Collections.Concurrent;
using System.Globalization;
using CrisisComms.Drafting.Rendering.TwitterText;
using CrisisComms.Testing.Hosts;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace CrisisComms.Drafting.Tests.TwitterText;

/// <summary>One case of the suite: what twitter-text must make of <see cref="Text"/>.</summary>
internal sealed record ConformanceCase(string Description, string Text, YamlNode Expected)
{
    public bool ExpectedBoolean() => bool.Parse(Scalar(Expected));

    public IReadOnlyList<string> ExpectedStrings => ((YamlSequenceNode)Expected).Select(Scalar).ToList();

    /// <summary>Entities as [value, start, end], the value under <paramref name="key"/> (hashtag, url).</summary>
    public IReadOnlyList<(string Value, int Start, int End)> ExpectedEntities(string key) =>
        ((YamlSequenceNode)Expected).Cast<YamlMappingNode>()
            .Select(entity => (Scalar(entity[key]), Number(entity["indices"][0]), Number(entity["indices"][1])))
            .ToList();

    public int ExpectedNumber(string key) => Number(Expected[key]);

    public bool ExpectedBoolean(string key) => bool.Parse(Scalar(Expected[key]));

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? "";

    private static int Number(YamlNode node) => int.Parse(Scalar(node), CultureInfo.InvariantCulture);
}

/// <summary>
/// twitter-text's conformance suite (github.com/twitter/twitter-text, <c>conformance/</c>), read in place
/// from ../shared at test time and never copied, as its README asks: the cases change over time.
/// </summary>
internal static class Conformance
{
    private static readonly ConcurrentDictionary<string, YamlMappingNode> Suites = new();

    /// <summary>One theory row per case, named by its description so a failure says which.</summary>
    public static TheoryData<string> Descriptions(string file, string section) =>
        new(Cases(file, section).Select(@case => @case.Description));

    // Rows carry the description, not the text: texts run to 12,000 characters or hold only invisible
    // ones (U+202A), which makes poor test names.
    public static ConformanceCase Case(string file, string section, string description) =>
        Cases(file, section).Single(@case => @case.Description == description);

    public static TwitterTextConfig Config(string name) =>
        TwitterTextConfig.FromJson(File.ReadAllText(RepositoryRoot.Shared("conformance", "twitter-text", "config", name)));

    private static IEnumerable<ConformanceCase> Cases(string file, string section) =>
        ((YamlSequenceNode)Suites.GetOrAdd(file, Load)["tests"][section])
            .Cast<YamlMappingNode>()
            .Select(@case => new ConformanceCase(
                ((YamlScalarNode)@case["description"]).Value ?? "",
                ((YamlScalarNode)@case["text"]).Value ?? "",
                @case["expected"]));

    private static YamlMappingNode Load(string file)
    {
        using var reader = File.OpenText(RepositoryRoot.Shared("conformance", "twitter-text", file));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
