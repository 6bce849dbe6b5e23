using CrisisComms.Web.Accounts;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Pages;

/// <summary>The front door: signed-in people go to their console or dashboard; anyone else sees what is public and the way in.</summary>
internal static class HomePage
{
    public static void MapHomePage(this IEndpointRouteBuilder app)
    {
        // Public: incident titles and tags are what the organisation has announced anyway.
        app.MapGet("/", RenderAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> RenderAsync(PageKit page, WebDbContext db, CancellationToken cancellationToken)
    {
        if (page.User.IsAuthenticated && SignInPages.Home(page.Context.User) is var home && home != "/")
        {
            return Results.Redirect(home);
        }

        var incidents = await db.Incidents.AsNoTracking().Where(i => i.Status != "Closed").OrderByDescending(i => i.OpenedAt).Take(20).ToListAsync(cancellationToken);
        var list = incidents.Count == 0
            ? H($"<p>No incident is open.</p>")
            : H($"<ul>{Join(incidents, i => H($"<li><a href=\"/public/incidents/{i.IncidentId}\">{i.Title}</a> <strong>{i.Hashtag}</strong> · {i.Severity} · {Dashboard.DashboardView.Describe(i.Status)}</li>"))}</ul>");
        return page.Render("CrisisComms", H($"""
            <h1>CrisisComms</h1>
            <p>One accurate message on every channel, the public heard around the clock, and the people on duty reached when something waits.</p>
            <p><a href="/sign-in">Sign in</a> (officers, approvers, admins, partners).</p>
            <h2>Open incidents</h2>
            {list}
            <p class="muted">Feeds: <a href="/public/feeds/rss">RSS</a> · <a href="/public/feeds/cap">CAP</a> · API: <a href="/openapi/v1.json">/openapi/v1.json</a> · <a href="/health/ready">health</a></p>
            """));
    }
}
