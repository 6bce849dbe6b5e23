using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Risk;
using Xunit;

namespace CrisisComms.Drafting.Tests.Rules;

public sealed class RiskCheckerTests
{
    private static readonly RiskPolicy Policy = new(
        RiskAction.Block, RiskAction.Block, RiskAction.Warn,
        ["looters"], ["gov.uk", "devon.gov.uk", "nhs.uk"], ["01392 265000"]);

    [Theory]
    [InlineData("Call Mrs Smith on 07700 900123 for sandbags", "07700 900123")]
    [InlineData("Ring +44 7700 900456 now", "+44 7700 900456")]
    [InlineData("Her landline is 01392 123456.", "01392 123456")]
    public void A_personal_phone_number_is_found_and_blocked(string text, string match)
    {
        var finding = Assert.Single(RiskChecker.Check(text, Policy));

        Assert.Equal(RiskCheck.PhoneNumber, finding.Check);
        Assert.Equal(RiskAction.Block, finding.Action);
        Assert.Equal(match, finding.Match);
        Assert.Equal(text.IndexOf(match, StringComparison.Ordinal), finding.Index);
    }

    [Theory]
    [InlineData("In an emergency call 999.")]
    [InlineData("For non-emergencies call 101 or NHS 111.")]
    [InlineData("Our flood line is 01392 265000, open 24 hours.")]
    [InlineData("Freephone 0800 80 70 60 or 0345 155 1015.")]
    public void Emergency_helpline_and_published_numbers_are_not_personal_data(string text) =>
        Assert.Empty(RiskChecker.Check(text, Policy));

    [Fact]
    public void An_email_outside_the_organisation_is_personal_data_but_ours_is_not()
    {
        var findings = RiskChecker.Check("Email jo.bloggs@gmail.com or floods@devon.gov.uk", Policy);

        var finding = Assert.Single(findings);
        Assert.Equal(RiskCheck.EmailAddress, finding.Check);
        Assert.Equal("jo.bloggs@gmail.com", finding.Match);
    }

    [Theory]
    [InlineData("Crews are at 14 Riverside Walk, Exeter EX4 3AB now.", "14 Riverside Walk, Exeter EX4 3AB")]
    [InlineData("Evacuate 7a Bonhay Road EX4 3AY immediately", "7a Bonhay Road EX4 3AY")]
    public void A_house_number_with_a_postcode_is_a_home_address(string text, string match)
    {
        var finding = Assert.Single(RiskChecker.Check(text, Policy));

        Assert.Equal(RiskCheck.HomeAddress, finding.Check);
        Assert.Equal(match, finding.Match);
    }

    [Fact]
    public void A_postcode_on_its_own_is_a_place_not_a_home() =>
        Assert.Empty(RiskChecker.Check("Roads around EX4 3AB are flooded.", Policy));

    [Theory]
    [InlineData("NI number AB 12 34 56 C was found", true)]
    [InlineData("ref AB123456D", true)]
    [InlineData("ref GB123456A", false)]
    public void A_National_Insurance_number_is_found_unless_its_prefix_is_never_issued(string text, bool found) =>
        Assert.Equal(found, RiskChecker.Check(text, Policy).Any(f => f.Check == RiskCheck.NationalInsuranceNumber));

    [Fact]
    public void A_banned_word_is_matched_as_a_whole_word_whatever_its_case()
    {
        var findings = RiskChecker.Check("Reports of LOOTERS in Fore Street; looterseye is a shop.", Policy);

        var finding = Assert.Single(findings);
        Assert.Equal(RiskCheck.BannedWord, finding.Check);
        Assert.Equal("LOOTERS", finding.Match);
    }

    [Fact]
    public void A_link_outside_the_allow_list_warns_and_official_ones_pass()
    {
        var findings = RiskChecker.Check("Details at https://www.devon.gov.uk/floods and bit.ly/3xYz and www.metoffice.example.com", Policy);

        Assert.Equal(["bit.ly/3xYz", "www.metoffice.example.com"], findings.Where(f => f.Check == RiskCheck.Link).Select(f => f.Match));
        Assert.All(findings, f => Assert.Equal(RiskAction.Warn, f.Action));
        Assert.False(RiskChecker.Blocks(findings));
    }
}
