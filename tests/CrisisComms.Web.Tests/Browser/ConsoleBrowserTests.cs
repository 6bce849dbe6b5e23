using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>
/// The officer console in a real browser (Debian's Chromium, headless): sign-in, compose with live
/// previews, approval by a second person, per-channel status updating live, and the triage queue.
/// </summary>
public sealed class ConsoleBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    static ConsoleBrowserTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_officer_signs_in_composes_with_live_previews_and_sees_each_channel_publish_after_approval()
    {
        var incident = await fixture.FloodAsync();
        await using var officerBrowser = await fixture.NewContextAsync();
        var officer = await officerBrowser.NewPageAsync();

        await officer.GotoAsync("/sign-in");
        await officer.GetByLabel("Email address").FillAsync(BrowserFixture.OfficerEmail);
        await officer.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Expect(officer.Locator("main")).ToContainTextAsync("Email or password not recognised.");
        await BrowserFixture.SignInAsync(officer, BrowserFixture.OfficerEmail);
        await Expect(officer).ToHaveURLAsync(new Uri(fixture.BaseAddress, "/console").ToString());

        await officer.GotoAsync($"/console/compose?incidentId={incident}");
        await officer.GetByRole(AriaRole.Textbox, new() { Name = "Headline" }).FillAsync("Bonhay Road closed");
        // Typing, not pressing Preview: the previews, counters and verdicts follow the text.
        await officer.GetByRole(AriaRole.Textbox, new() { Name = "Message" }).PressSequentiallyAsync("Bonhay Road is closed by flooding. Use the Exe Bridges instead.");
        await Expect(officer.Locator("#previews article.preview").First).ToBeVisibleAsync();
        await Expect(officer.Locator("#previews")).ToContainTextAsync("Bonhay Road is closed by flooding.");
        await Expect(officer.Locator("#preview-status")).ToContainTextAsync("x ");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(officer.Locator("#draft-status")).ToContainTextAsync("Awaiting approval");
        await Expect(officer.Locator("body")).ToHaveAttributeAsync("data-connected", "true");
        await officer.EvaluateAsync("() => { window.notReloaded = true; }");

        await using var approverBrowser = await fixture.NewContextAsync();
        var approver = await approverBrowser.NewPageAsync();
        await BrowserFixture.SignInAsync(approver, BrowserFixture.ApproverEmail);
        await approver.GotoAsync("/console/approvals");
        var row = approver.Locator("#approvals tr", new() { HasText = "Bonhay Road closed" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(approver.Locator("main")).ToContainTextAsync("Published");

        // The officer's page, never reloaded, shows the outcome on each channel as it reports back.
        await Expect(officer.Locator("#draft-status h2")).ToContainTextAsync("Published");
        await Expect(officer.Locator("#draft-status table")).ToContainTextAsync("x");
        Assert.True(await officer.EvaluateAsync<bool>("() => window.notReloaded === true"));
    }

    [Fact]
    public async Task The_triage_queue_shows_new_mentions_live_and_resolves_one_and_several()
    {
        await fixture.FloodAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, BrowserFixture.OfficerEmail);
        await page.GotoAsync("/console/triage");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connected", "true");

        await fixture.MentionAsync("Is the A377 closed at Cowley Bridge? #DCCFlood", "@commuter");
        await fixture.MentionAsync("Where can I get sandbags in St Thomas? #DCCFlood", "@stthomas");
        await fixture.MentionAsync("Are bins collected this week? #DCCFlood", "@bins");

        var a377 = page.Locator("#queue article", new() { HasText = "Is the A377 closed at Cowley Bridge?" });
        await Expect(a377).ToBeVisibleAsync();
        await a377.GetByLabel("Outcome").SelectOptionAsync("no action");
        await a377.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Resolved");
        await Expect(page.Locator("#queue")).Not.ToContainTextAsync("Is the A377 closed at Cowley Bridge?");

        var sandbags = page.Locator("#queue article", new() { HasText = "sandbags in St Thomas" });
        var bins = page.Locator("#queue article", new() { HasText = "Are bins collected" });
        await Expect(bins).ToBeVisibleAsync();
        await sandbags.GetByLabel("Select for bulk action").CheckAsync();
        await bins.GetByLabel("Select for bulk action").CheckAsync();
        await page.GetByLabel("Resolve every ticked item as").SelectOptionAsync("referred to partner");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve ticked" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Resolved 2 items: referred to partner.");
        await Expect(page.Locator("#queue")).Not.ToContainTextAsync("sandbags in St Thomas");
        await Expect(page.Locator("#queue")).Not.ToContainTextAsync("Are bins collected");
    }

    [Fact]
    public async Task Someone_in_danger_is_offered_the_999_reply_and_an_officer_claims_replies_and_snoozes()
    {
        // Triage knows #DCCFlood as an incident's tag once the incident is open: questions carrying it need an answer.
        await fixture.FloodAsync();
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, BrowserFixture.OfficerEmail);
        await page.GotoAsync("/console/triage");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connected", "true");

        await fixture.MentionAsync("Help we are trapped upstairs at 14 Riverside Walk and the water is rising #DCCFlood", "@riverside");
        await fixture.MentionAsync("Where can I collect sandbags near Alphington? #DCCFlood", "@alphington");

        var trapped = page.Locator("#queue article", new() { HasText = "trapped upstairs at 14 Riverside Walk" });
        await Expect(trapped).ToContainTextAsync("Critical");
        await Expect(trapped.GetByLabel("Reply", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("999"));
        await trapped.GetByRole(AriaRole.Button, new() { Name = "Claim" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Claimed");
        await Expect(page.Locator("#queue article", new() { HasText = "trapped upstairs at 14 Riverside Walk" })).ToContainTextAsync("claimed by");
        await page.Locator("#queue article", new() { HasText = "trapped upstairs at 14 Riverside Walk" }).GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Reply sent to publishing");

        var parking = page.Locator("#queue article", new() { HasText = "sandbags near Alphington" });
        await Expect(parking).ToBeVisibleAsync();
        await parking.GetByRole(AriaRole.Button, new() { Name = "Snooze 15 min" }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("Snoozed for 15 minutes.");
        await Expect(page.Locator("#queue")).Not.ToContainTextAsync("sandbags near Alphington");
    }
}
