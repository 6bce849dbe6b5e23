using CrisisComms.Drafting.Rendering.TwitterText;
using Xunit;

namespace CrisisComms.Drafting.Tests.TwitterText;

public sealed class UrlConformanceTests
{
    public static TheoryData<string> ExtractCases() => Conformance.Descriptions("extract.yml", "urls");

    public static TheoryData<string> IndexCases() => Conformance.Descriptions("extract.yml", "urls_with_indices");

    public static TheoryData<string> DirectionalMarkerCases() => Conformance.Descriptions("extract.yml", "urls_with_directional_markers");

    public static TheoryData<string> TcoCases() => Conformance.Descriptions("extract.yml", "tco_urls_with_params");

    public static TheoryData<string> ValidationCases() => Conformance.Descriptions("validate.yml", "urls");

    [Theory]
    [MemberData(nameof(ExtractCases))]
    public void Extracts_the_urls_twitter_text_extracts(string description) =>
        AssertExtracts(Conformance.Case("extract.yml", "urls", description));

    [Theory]
    [MemberData(nameof(TcoCases))]
    public void Keeps_the_query_of_a_tco_link(string description) =>
        AssertExtracts(Conformance.Case("extract.yml", "tco_urls_with_params", description));

    [Theory]
    [MemberData(nameof(IndexCases))]
    public void Places_each_url_where_twitter_text_does(string description) =>
        AssertPlaces(Conformance.Case("extract.yml", "urls_with_indices", description));

    [Theory]
    [MemberData(nameof(DirectionalMarkerCases))]
    public void Places_urls_between_directional_markers(string description) =>
        AssertPlaces(Conformance.Case("extract.yml", "urls_with_directional_markers", description));

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public void Accepts_a_url_as_twitter_text_does(string description)
    {
        var @case = Conformance.Case("validate.yml", "urls", description);

        Assert.Equal(@case.ExpectedBoolean(), Urls.IsValid(@case.Text));
    }

    private static void AssertExtracts(ConformanceCase @case) =>
        Assert.Equal(@case.ExpectedStrings, Urls.Extract(@case.Text).Select(url => url.Url));

    private static void AssertPlaces(ConformanceCase @case) =>
        Assert.Equal(@case.ExpectedEntities("url"), Urls.Extract(@case.Text).Select(url => (url.Url, url.Start, url.End)));
}
