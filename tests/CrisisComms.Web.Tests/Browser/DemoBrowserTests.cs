using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>The embedded default with its demo on, as <c>dotnet run</c> starts it (mentions arrive faster here).</summary>
public sealed class DemoFixture : BrowserFixture
{
    protected override bool AskForApproval => false;

    protected override Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["CrisisComms:Demo:Enabled"] = "true";
        settings["CrisisComms:Demo:MentionInterval"] = "00:00:00.300";
        return Task.CompletedTask;
    }
}

/// <summary>
/// The demo shows every part working: the seeded accounts sign in, the flood incident has its first
/// update published on each channel, the public's mentions reach triage, and the demo partner sees
/// the flood's dashboard.
/// </summary>
public sealed class DemoBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private const string DemoPassword = "crisiscomms-demo";

    static DemoBrowserTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task The_demo_officer_sees_the_flood_published_and_mentions_queued_and_the_demo_partner_sees_its_dashboard()
    {
        await using var officerBrowser = await fixture.NewContextAsync();
        var officer = await officerBrowser.NewPageAsync();
        await BrowserFixture.SignInAsync(officer, "officer@demo.crisiscomms", DemoPassword);
        await Expect(officer.Locator("#incidents")).ToContainTextAsync("River Exe flooding");
        await officer.Locator("#incidents").GetByRole(AriaRole.Link, new() { Name = "River Exe flooding" }).ClickAsync();
        await Expect(officer.Locator("#posts")).ToContainTextAsync("Flood warning: River Exe in Exeter");
        await Expect(officer.Locator("#posts")).ToContainTextAsync("Published");
        await officer.GotoAsync("/console/triage");
        await Expect(officer.Locator("#queue article").First).ToBeVisibleAsync();
        await officer.GotoAsync("/console/sandbox");
        await Expect(officer.Locator("main")).ToContainTextAsync("Flood warning for the River Exe in Exeter");

        await using var partnerBrowser = await fixture.NewContextAsync(phone: true);
        var partner = await partnerBrowser.NewPageAsync();
        await BrowserFixture.SignInAsync(partner, "partner@demo.crisiscomms", DemoPassword);
        await partner.GetByRole(AriaRole.Link, new() { Name = "River Exe flooding" }).ClickAsync();
        await Expect(partner.Locator("#timeline")).ToContainTextAsync("Flood warning: River Exe in Exeter");
        await Expect(partner.Locator("svg.chart")).ToBeVisibleAsync();
    }
}
