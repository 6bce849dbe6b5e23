using System.Net;
using System.Text.RegularExpressions;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed partial class PartnerAccessTests : ConsoleTest
{
    private Guid _flood;
    private Guid _other;

    [Fact]
    public async Task An_invite_link_works_once_and_shows_the_partner_only_that_incident_and_only_what_was_published()
    {
        _flood = await OpenIncidentAsync("River Exe flooding", "flood");
        _other = await OpenIncidentAsync("Moorland fire", "fire");
        await Host.Harness.Bus.Publish(new ResponseNeeded(Guid.NewGuid(), Guid.NewGuid(), _flood, "High", DateTimeOffset.UtcNow.AddMinutes(15), ["asks a question of us"]));
        var link = await InviteAsync(_flood, "Devon & Cornwall Police");

        using var partner = new PageClient(Host.Services);
        var (opened, _, _) = await partner.GetAsync(link);
        var (opened2, joinPage, _) = await partner.GetAsync(link);
        var (joined, _, landing) = await partner.PostAsync("/partner/join", PageClient.Token(joinPage), ("secret", Secret(link)), ("name", "Insp. Jones"), ("email", ""));
        var (dashboard, body, _) = await partner.GetAsync(landing!);
        var (elsewhere, _, _) = await partner.GetAsync($"/partner/incidents/{_other}");
        var (console, _, denied) = await partner.GetAsync("/console");

        using var stranger = new PageClient(Host.Services);
        var (_, secondPage, _) = await stranger.GetAsync("/sign-in");
        var (reused, reusedBody, _) = await stranger.PostAsync("/partner/join", PageClient.Token(secondPage), ("secret", Secret(link)), ("name", "Someone else"), ("email", ""));

        Assert.Equal(HttpStatusCode.OK, opened);
        Assert.Equal(HttpStatusCode.OK, opened2);
        Assert.Equal(HttpStatusCode.Redirect, joined);
        Assert.Equal($"/partner/incidents/{_flood}", landing);
        Assert.Equal(HttpStatusCode.OK, dashboard);
        Assert.Contains("River Exe flooding", body, StringComparison.Ordinal);
        Assert.Contains("Mention volume", body, StringComparison.Ordinal);
        Assert.DoesNotContain("question from the public queued", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere);
        Assert.Contains("/denied", denied ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, reused);
        Assert.Contains("already been used", reusedBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret(link), string.Join(";", partner.Cookies.Values), StringComparison.Ordinal);
        Assert.True(await Host.InScopeAsync(async sp => !await sp.GetRequiredService<WebDbContext>().Invites.AnyAsync(i => i.SecretHash == Secret(link))), "the secret itself is never stored");
    }

    [Fact]
    public async Task Revoking_access_or_closing_the_incident_ends_the_partner_view_at_once()
    {
        _flood = await OpenIncidentAsync("River Exe flooding", "flood");
        using var partner = await JoinAsync(_flood, await InviteAsync(_flood, "Environment Agency"));
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/partner/incidents/{_flood}")).Status);
        var accessId = await Host.InScopeAsync(sp => sp.GetRequiredService<WebDbContext>().PartnerAccess.Where(a => a.IncidentId == _flood).Select(a => a.Id).SingleAsync());

        using var officer = new PageClient(Host.Services, Bearer());
        var (revoked, _, _) = await officer.SubmitAsync($"/console/incidents/{_flood}", $"/console/incidents/{_flood}/partners/{accessId}/revoke");
        var afterRevoke = (await partner.GetAsync($"/partner/incidents/{_flood}")).Status;

        using var second = await JoinAsync(_flood, await InviteAsync(_flood, "NHS Devon"));
        var unused = await InviteAsync(_flood, "Fire and Rescue");
        await Host.Client.PostJsonAsync($"/api/v1/incidents/{_flood}/close", new { reason = "all clear" }, HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await second.GetAsync($"/partner/incidents/{_flood}")).Status == HttpStatusCode.NotFound, Patience, "access ends with the incident");
        using var late = new PageClient(Host.Services);
        var (lateStatus, lateBody, _) = await late.GetAsync(unused);

        Assert.Equal(HttpStatusCode.Redirect, revoked);
        Assert.Equal(HttpStatusCode.NotFound, afterRevoke);
        Assert.Equal(HttpStatusCode.Gone, lateStatus);
        Assert.Contains("incident has closed", lateBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_or_withdrawn_invite_cannot_be_used()
    {
        _flood = await OpenIncidentAsync("River Exe flooding", "flood");
        var expired = await InviteAsync(_flood, "Police");
        var withdrawn = await InviteAsync(_flood, "Fire");
        await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WebDbContext>();
            var hash = Partners.PartnerInvites.Hash(Secret(expired));
            return await db.Invites.Where(i => i.SecretHash == hash).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        });
        var withdrawnId = await Host.InScopeAsync(async sp =>
        {
            var hash = Partners.PartnerInvites.Hash(Secret(withdrawn));
            return await sp.GetRequiredService<WebDbContext>().Invites.Where(i => i.SecretHash == hash).Select(i => i.Id).SingleAsync();
        });
        using var officer = new PageClient(Host.Services, Bearer());
        await officer.SubmitAsync($"/console/incidents/{_flood}", $"/console/incidents/{_flood}/invites/{withdrawnId}/revoke");

        using var partner = new PageClient(Host.Services);
        var (expiredStatus, expiredBody, _) = await partner.GetAsync(expired);
        var (withdrawnStatus, withdrawnBody, _) = await partner.GetAsync(withdrawn);

        Assert.Equal(HttpStatusCode.Gone, expiredStatus);
        Assert.Contains("expired", expiredBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, withdrawnStatus);
        Assert.Contains("withdrawn", withdrawnBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_API_shows_a_partner_only_their_incidents_and_published_lines()
    {
        _flood = await OpenIncidentAsync("River Exe flooding", "flood");
        _other = await OpenIncidentAsync("Moorland fire", "fire");
        await Host.Harness.Bus.Publish(new PostPublished(Guid.NewGuid(), _flood, "x", "1", null, DateTimeOffset.UtcNow));
        await Host.Harness.Bus.Publish(new SlaBreached(Guid.NewGuid(), _flood, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
        using var partner = await JoinAsync(_flood, await InviteAsync(_flood, "Police"));
        var userId = await Host.InScopeAsync(sp => sp.GetRequiredService<WebDbContext>().PartnerAccess.Select(a => a.UserId).SingleAsync());
        using var api = Host.ClientAs(userId.ToString(), Roles.Partner);
        await Eventually.TrueAsync(async () => (await Host.Client.GetJsonAsync($"/api/v1/dashboard/incidents/{_flood}/timeline")).GetArrayLength() >= 3, Patience, "lines projected");

        var list = await api.GetJsonAsync("/api/v1/dashboard/incidents");
        var timeline = await api.GetJsonAsync($"/api/v1/dashboard/incidents/{_flood}/timeline");
        var other = await api.GetJsonAsync($"/api/v1/dashboard/incidents/{_other}", HttpStatusCode.NotFound);
        using var alerts = await api.GetAsync(new Uri("/api/v1/dashboard/alerts", UriKind.Relative));

        Assert.Equal([_flood], list.EnumerateArray().Select(i => i.GetProperty("incidentId").GetGuid()));
        Assert.DoesNotContain(timeline.EnumerateArray(), l => l.Text("kind") == "sla-breached");
        Assert.Contains(timeline.EnumerateArray(), l => l.Text("kind") == "post-published");
        other.AssertProblem("not-found", 404);
        Assert.Equal(HttpStatusCode.Forbidden, alerts.StatusCode);
    }

    internal static string Secret(string link) => link[(link.LastIndexOf('/') + 1)..];

    private string Bearer() => Host.Get<ApiTokens>().Issue(new TokenSubject("officer-1", "Olu Officer", [Roles.Officer]), TimeSpan.FromHours(1));

    private async Task<string> InviteAsync(Guid incident, string organisation)
    {
        using var officer = new PageClient(Host.Services, Bearer());
        var (status, body, _) = await officer.SubmitAsync($"/console/incidents/{incident}", $"/console/incidents/{incident}/invites", ("organisation", organisation), ("contact", "Duty inspector"));
        Assert.Equal(HttpStatusCode.OK, status);
        return new Uri(LinkPattern().Match(body).Groups[1].Value).PathAndQuery;
    }

    private async Task<PageClient> JoinAsync(Guid incident, string link)
    {
        var partner = new PageClient(Host.Services);
        var (_, page, _) = await partner.GetAsync(link);
        var (status, _, location) = await partner.PostAsync("/partner/join", PageClient.Token(page), ("secret", Secret(link)), ("name", "Partner"), ("email", ""));
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal($"/partner/incidents/{incident}", location);
        return partner;
    }

    [GeneratedRegex("id=\"invite-link\" readonly value=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();
}
