using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>
/// The partner's side in a real browser on a phone-sized screen: an invite link exchanged for a session,
/// the dashboard updating live, the last state kept when the connection drops, and revoked access.
/// </summary>
public sealed class PartnerBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    static PartnerBrowserTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task A_partner_joins_by_invite_on_a_phone_sees_posts_live_keeps_the_last_state_offline_and_loses_access_when_revoked()
    {
        var incident = await fixture.OpenIncidentAsync("Moorland fire", "fire");
        await using var officerBrowser = await fixture.NewContextAsync();
        var officer = await officerBrowser.NewPageAsync();
        await BrowserFixture.SignInAsync(officer, BrowserFixture.OfficerEmail);
        await officer.GotoAsync($"/console/incidents/{incident}");
        await officer.GetByRole(AriaRole.Textbox, new() { Name = "Partner organisation" }).FillAsync("Devon & Cornwall Police");
        await officer.GetByRole(AriaRole.Textbox, new() { Name = "For (optional)" }).FillAsync("Control room inspector");
        await officer.GetByRole(AriaRole.Button, new() { Name = "Make an invite link" }).ClickAsync();
        var link = await officer.GetByLabel("Invite link").InputValueAsync();
        Assert.StartsWith($"{fixture.BaseAddress}partner/join/", link, StringComparison.Ordinal);

        await using var phone = await fixture.NewContextAsync(phone: true);
        var partner = await phone.NewPageAsync();
        await partner.GotoAsync(link);
        await partner.GetByRole(AriaRole.Textbox, new() { Name = "Your name" }).FillAsync("Insp. Priya Shah");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await partner.WaitForURLAsync($"**/partner/incidents/{incident}");
        await Expect(partner.Locator("h1")).ToContainTextAsync("Moorland fire");
        await Expect(partner.Locator("body")).ToHaveAttributeAsync("data-connected", "true");
        // A phone: nothing wider than the screen.
        Assert.True(await partner.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));

        // The link worked once: a second browser cannot use it again.
        await using var other = await fixture.NewContextAsync(phone: true);
        var reused = await other.NewPageAsync();
        await reused.GotoAsync(link);
        await Expect(reused.Locator("main")).Not.ToContainTextAsync("Your name");

        await fixture.PublishAsync(incident, "Road closed at Haytor", "The B3387 is closed at Haytor while crews work on the fire. Keep windows shut.", "x", "web");
        await Expect(partner.Locator("#timeline")).ToContainTextAsync("The B3387 is closed at Haytor");

        await phone.SetOfflineAsync(true);
        await Expect(partner.Locator("#live-status")).ToContainTextAsync("Connection lost");
        await Expect(partner.Locator("#timeline")).ToContainTextAsync("The B3387 is closed at Haytor");
        await phone.SetOfflineAsync(false);
        await Expect(partner.Locator("#live-status")).ToContainTextAsync("Live", new() { Timeout = 60_000 });

        await officer.GotoAsync($"/console/incidents/{incident}");
        var access = officer.Locator("#partners tr", new() { HasText = "Insp. Priya Shah" });
        await access.GetByRole(AriaRole.Button, new() { Name = "Revoke access" }).ClickAsync();
        await Expect(partner.Locator("#live-status")).ToContainTextAsync("Your access to this incident has ended");
        await Expect(partner.Locator("#timeline")).ToContainTextAsync("The B3387 is closed at Haytor");
        var again = await partner.GotoAsync($"/partner/incidents/{incident}");
        Assert.NotEqual(200, again!.Status);
    }
}
