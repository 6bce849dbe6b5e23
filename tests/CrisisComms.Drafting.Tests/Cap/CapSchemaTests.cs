using CrisisComms.Drafting.Rendering.Cap;
using Xunit;

namespace CrisisComms.Drafting.Tests.Cap;

public sealed class CapSchemaTests
{
    private readonly CapSchema schema = CapSpecs.LoadSchema();

    public static TheoryData<string> ValidExamples() => new(ValidExampleNames());

    private static IEnumerable<string> ValidExampleNames() =>
        Directory.GetFiles(CapSpecs.ExamplesDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != CapSpecs.InvalidExample)
            .Order(StringComparer.Ordinal);

    [Fact]
    public void The_seven_valid_examples_are_there_to_test()
    {
        // validation-results.txt lists eight examples, seven of them valid; a missing folder must not pass quietly.
        Assert.Equal(7, ValidExampleNames().Count());
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Every_published_example_is_valid(string example)
    {
        var xml = File.ReadAllText(Path.Combine(CapSpecs.ExamplesDirectory, example));

        Assert.Empty(schema.Validate(xml));
    }

    [Fact]
    public void The_example_without_scope_is_invalid()
    {
        var xml = File.ReadAllText(Path.Combine(CapSpecs.ExamplesDirectory, CapSpecs.InvalidExample));

        var error = Assert.Single(schema.Validate(xml));
        Assert.Contains("info", error, StringComparison.Ordinal);
        Assert.Contains("scope", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_outside_a_code_list_is_invalid()
    {
        var xml = File.ReadAllText(Path.Combine(CapSpecs.ExamplesDirectory, "cap12-appendix-A2.xml"))
            .Replace("<status>Actual</status>", "<status>Live</status>", StringComparison.Ordinal);

        Assert.NotEmpty(schema.Validate(xml));
    }

    [Fact]
    public void A_sent_time_in_Z_form_is_invalid()
    {
        var xml = File.ReadAllText(Path.Combine(CapSpecs.ExamplesDirectory, "cap12-appendix-A2.xml"))
            .Replace("<sent>2003-06-17T14:57:00-07:00</sent>", "<sent>2003-06-17T21:57:00Z</sent>", StringComparison.Ordinal);

        Assert.NotEmpty(schema.Validate(xml));
    }

    [Fact]
    public void A_document_that_is_not_a_CAP_1_2_alert_is_invalid()
    {
        Assert.NotEmpty(schema.Validate("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"><identifier>x</identifier></alert>"));
        Assert.NotEmpty(schema.Validate("<rss version=\"2.0\"/>"));
    }

    [Fact]
    public void Malformed_XML_is_reported_not_thrown()
    {
        Assert.NotEmpty(schema.Validate("<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"));
        Assert.NotEmpty(schema.Validate(""));
    }

    [Fact]
    public void A_DTD_is_refused()
    {
        const string xml = "<!DOCTYPE alert [<!ENTITY x \"x\">]><alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>";

        var error = Assert.Single(schema.Validate(xml));
        Assert.Contains("DTD", error, StringComparison.Ordinal);
    }
}
