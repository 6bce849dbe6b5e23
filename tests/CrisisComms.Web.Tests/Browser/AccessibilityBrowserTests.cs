using Microsoft.Playwright;
using Xunit;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>axe-core, run inside each main page, finds no serious or critical violation.</summary>
public sealed class AccessibilityBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_main_pages_have_no_serious_or_critical_accessibility_violations()
    {
        var incident = await fixture.OpenIncidentAsync("River Exe flooding", "flood");
        await fixture.PublishAsync(incident, "Flood warning: River Exe", "Flood warning for the River Exe in Exeter. Avoid Bonhay Road.", "x", "sms", "web");
        await fixture.MentionAsync("Is the A377 closed at Cowley Bridge? #DCCFlood");
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var found = new List<string>();

        await page.GotoAsync("/sign-in");
        found.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"/sign-in: {v}"));
        await BrowserFixture.SignInAsync(page, BrowserFixture.AdminEmail);
        string[] pages =
        [
            "/console", "/console/incidents", $"/console/incidents/{incident}", $"/console/compose?incidentId={incident}",
            "/console/approvals", "/console/triage", "/console/schedules", "/console/oncall", "/console/health",
            "/console/sandbox", "/console/users", "/account/two-factor", "/partner", $"/partner/incidents/{incident}",
        ];
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            found.AddRange((await Axe.SeriousViolationsAsync(page)).Select(v => $"{path}: {v}"));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task The_partner_dashboard_on_a_phone_has_no_serious_or_critical_accessibility_violations()
    {
        var incident = await fixture.OpenIncidentAsync("Power cut in Crediton", "power");
        await using var context = await fixture.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, BrowserFixture.OfficerEmail);
        await page.GotoAsync($"/partner/incidents/{incident}");

        var found = await Axe.SeriousViolationsAsync(page);

        Assert.True(found.Count == 0, string.Join("\n", found));
    }
}
