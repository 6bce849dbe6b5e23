using System.Globalization;
using System.Net;
using System.Text;
using CrisisComms.Platform.Hosting;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Web.Pages;

/// <summary>The landing page: what runs here, the incidents and their timelines, and where the API is.</summary>
internal static class HomePage
{
    public static void MapHomePage(this IEndpointRouteBuilder app)
    {
        // Public: incident titles and tags are what the organisation has announced anyway.
        app.MapGet("/", RenderAsync).ExcludeFromDescription().AllowAnonymous();
    }

    private static async Task<IResult> RenderAsync(WebDbContext db, PlatformSettings settings, CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.AsNoTracking().OrderByDescending(i => i.OpenedAt).Take(20).ToListAsync(cancellationToken);
        var alerts = await db.Alerts.AsNoTracking().CountAsync(cancellationToken);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>CrisisComms</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3rem;text-align:left}
            .alert{background:#fde2e1;border-left:4px solid #b00020;padding:.5rem 1rem}</style></head>
            <body><h1>CrisisComms</h1>
            <p>Running <strong>{{E(string.Join(", ", settings.Services))}}</strong> on <strong>{{E(settings.Mode.ToString().ToLowerInvariant())}}</strong> infrastructure.
            API: <a href="/openapi/v1.json">/openapi/v1.json</a> · health: <a href="/health/ready">/health/ready</a> · metrics: <a href="/metrics">/metrics</a></p>
            """);
        if (alerts > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"alert\" role=\"alert\">{alerts} poison message(s) in error queues: see <a href=\"/api/v1/dashboard/alerts\">alerts</a>.</p>");
        }

        html.Append("<h2>Incidents</h2>");
        if (incidents.Count == 0)
        {
            html.Append("<p>No incidents yet. Open one with <code>POST /api/v1/incidents</code>.</p>");
        }
        else
        {
            html.Append("<table><thead><tr><th>Incident</th><th>Hashtag</th><th>Status</th><th>Posts</th><th>Mentions</th><th>Waiting</th></tr></thead><tbody>");
            foreach (var i in incidents)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/api/v1/dashboard/incidents/{i.IncidentId}/timeline\">{E(i.Title)}</a></td><td>{E(i.Hashtag)}</td><td>{E(i.Status)}</td><td>{i.PostsPublished}</td><td>{i.Mentions}</td><td>{i.WaitingForResponse}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
