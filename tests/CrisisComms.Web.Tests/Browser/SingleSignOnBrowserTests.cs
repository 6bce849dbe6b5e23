using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>The server with the council's single sign-on configured (a fake provider on the loopback).</summary>
public sealed class SingleSignOnFixture : BrowserFixture
{
    public FakeOidcProvider Provider { get; private set; } = null!;

    protected override async Task ConfigureAsync(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Provider = await FakeOidcProvider.StartAsync();
        settings["CrisisComms:Accounts:Oidc:Authority"] = Provider.Authority.ToString();
        settings["CrisisComms:Accounts:Oidc:ClientId"] = FakeOidcProvider.ClientId;
        settings["CrisisComms:Accounts:Oidc:ClientSecret"] = FakeOidcProvider.ClientSecret;
        settings["CrisisComms:Accounts:Oidc:RequireHttpsMetadata"] = "false";
        settings["CrisisComms:Accounts:Oidc:DisplayName"] = "Sign in with your Devon account";
        settings["CrisisComms:Accounts:Oidc:Roles:crisiscomms-officers"] = "Officer";
        settings["CrisisComms:Accounts:Oidc:Roles:crisiscomms-approvers"] = "Approver";
    }

    protected override async ValueTask StopExtrasAsync() => await Provider.DisposeAsync();
}

/// <summary>
/// Single sign-on in a real browser: the code flow with PKCE through the provider and back; the
/// provider's groups give the roles; someone the provider knows but no group maps is not let in.
/// </summary>
public sealed class SingleSignOnBrowserTests(SingleSignOnFixture fixture) : IClassFixture<SingleSignOnFixture>
{
    static SingleSignOnBrowserTests() => SetDefaultExpectTimeout(30_000);

    [Fact]
    public async Task An_officer_of_the_council_signs_in_with_single_sign_on_and_gets_the_roles_of_their_groups()
    {
        fixture.Provider.Person = ("entra-1234", "sam.duty@council.test", "Sam Duty", ["crisiscomms-officers", "crisiscomms-approvers", "all-staff"]);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/sign-in?returnUrl=%2Fconsole%2Fapprovals");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your Devon account" }).ClickAsync();

        await page.WaitForURLAsync("**/console/approvals");
        await Expect(page.Locator("h1")).ToContainTextAsync("Approval queue");
        await page.GotoAsync("/console/users");
        await Expect(page.Locator("h1")).ToContainTextAsync("Not allowed");
        Assert.Empty(fixture.Provider.Refusals);
    }

    [Fact]
    public async Task Someone_the_council_knows_but_no_group_maps_is_not_let_in()
    {
        fixture.Provider.Person = ("entra-9876", "visitor@council.test", "Val Visitor", ["all-staff"]);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with your Devon account" }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync("Your account is not set up here");
        var console = await page.GotoAsync("/console");
        Assert.EndsWith("/sign-in?ReturnUrl=%2Fconsole", console!.Url, StringComparison.OrdinalIgnoreCase);
    }
}
