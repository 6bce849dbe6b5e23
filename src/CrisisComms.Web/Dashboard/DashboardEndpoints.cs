using CrisisComms.Platform.Http;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Web.Dashboard;

internal sealed record TimelineLine(DateTimeOffset At, string Kind, string Summary, string? Channel);

internal static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/api/v1/dashboard").WithTags("Dashboard");
        dashboard.MapGet("/incidents", ListAsync).WithName("ListDashboardIncidents");
        dashboard.MapGet("/incidents/{id:guid}", GetAsync).WithName("GetDashboardIncident");
        dashboard.MapGet("/incidents/{id:guid}/timeline", TimelineAsync).WithName("GetIncidentTimeline")
            .WithSummary("Everything published, heard, judged and paged for an incident, oldest first.");
        dashboard.MapGet("/alerts", AlertsAsync).WithName("ListAlerts")
            .WithSummary("Poison messages reported by any service, newest first.");
    }

    internal static async Task<Ok<List<IncidentView>>> ListAsync(WebDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Incidents.AsNoTracking().OrderByDescending(i => i.OpenedAt).Take(200).ToListAsync(cancellationToken));

    internal static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> GetAsync(Guid id, WebDbContext db, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == id, cancellationToken);
        return incident is null ? ApiProblems.NotFound("Incident", id) : TypedResults.Ok(incident);
    }

    internal static async Task<Ok<List<TimelineLine>>> TimelineAsync(Guid id, WebDbContext db, CancellationToken cancellationToken)
    {
        var lines = await db.Timeline.AsNoTracking()
            .Where(t => t.IncidentId == id)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Take(5000)
            .Select(t => new TimelineLine(t.At, t.Kind, t.Summary, t.Channel))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(lines);
    }

    internal static async Task<Ok<List<AlertView>>> AlertsAsync(WebDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Alerts.AsNoTracking().OrderByDescending(a => a.DetectedAt).Take(200).ToListAsync(cancellationToken));
}
