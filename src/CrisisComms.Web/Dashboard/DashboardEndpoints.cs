using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Partners;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Web.Dashboard;

internal sealed record TimelineLine(DateTimeOffset At, string Kind, string Summary, string? Channel);

internal sealed record VolumePoint(DateTimeOffset Minute, long Mentions, bool Spike);

/// <summary>
/// The dashboard's read models as JSON: staff see every incident and every line; a partner sees only
/// incidents they hold access to, and only what was published and the incident's status.
/// </summary>
internal static class DashboardEndpoints
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        var readers = app.MapGroup("/api/v1/dashboard").WithTags("Dashboard")
            .RequireAuthorization(p => p.RequireRole(Roles.Partner, Roles.Officer, Roles.Approver, Roles.Admin));
        readers.MapGet("/incidents", ListAsync).WithName("ListDashboardIncidents");
        readers.MapGet("/incidents/{id:guid}", GetAsync).WithName("GetDashboardIncident");
        readers.MapGet("/incidents/{id:guid}/timeline", TimelineAsync).WithName("GetIncidentTimeline")
            .WithSummary("Everything published, heard, judged and paged for an incident, oldest first (partners: what was published and the status).");
        readers.MapGet("/incidents/{id:guid}/volume", VolumeAsync).WithName("GetIncidentVolume")
            .WithSummary("Mentions per minute over the last 24 hours, with the minutes monitoring called spikes.");
        app.MapGet("/api/v1/dashboard/alerts", AlertsAsync).WithTags("Dashboard").WithName("ListAlerts").RequireAuthorization(Policies.Staff)
            .WithSummary("Poison messages reported by any service, newest first.");
    }

    internal static async Task<Ok<List<IncidentView>>> ListAsync(HttpContext http, WebDbContext db, CancellationToken cancellationToken)
    {
        var visible = await IncidentAccess.VisibleAsync(db, http.User, cancellationToken);
        var query = db.Incidents.AsNoTracking();
        if (visible is not null)
        {
            query = query.Where(i => visible.Contains(i.IncidentId));
        }

        return TypedResults.Ok(await query.OrderByDescending(i => i.OpenedAt).Take(200).ToListAsync(cancellationToken));
    }

    internal static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, WebDbContext db, CancellationToken cancellationToken)
    {
        var incident = await IncidentAccess.CanSeeAsync(db, http.User, id, cancellationToken)
            ? await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == id, cancellationToken)
            : null;
        return incident is null ? ApiProblems.NotFound("Incident", id) : TypedResults.Ok(incident);
    }

    internal static async Task<Results<Ok<List<TimelineLine>>, ProblemHttpResult>> TimelineAsync(Guid id, HttpContext http, WebDbContext db, CancellationToken cancellationToken)
    {
        if (!await IncidentAccess.CanSeeAsync(db, http.User, id, cancellationToken))
        {
            return ApiProblems.NotFound("Incident", id);
        }

        var query = db.Timeline.AsNoTracking().Where(t => t.IncidentId == id);
        if (!IncidentAccess.IsStaff(http.User))
        {
            var kinds = DashboardProjection.PartnerKinds.ToList();
            query = query.Where(t => kinds.Contains(t.Kind));
        }

        var lines = await query.OrderBy(t => t.At).ThenBy(t => t.Id).Take(5000)
            .Select(t => new TimelineLine(t.At, t.Kind, t.Summary, t.Channel))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(lines);
    }

    internal static async Task<Results<Ok<List<VolumePoint>>, ProblemHttpResult>> VolumeAsync(Guid id, HttpContext http, WebDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await IncidentAccess.CanSeeAsync(db, http.User, id, cancellationToken))
        {
            return ApiProblems.NotFound("Incident", id);
        }

        var from = time.GetUtcNow().AddHours(-24).ToUnixTimeSeconds() / 60;
        var points = await db.Volume.AsNoTracking().Where(v => v.IncidentId == id && v.Minute >= from).OrderBy(v => v.Minute).ToListAsync(cancellationToken);
        return TypedResults.Ok(points.Select(p => new VolumePoint(DateTimeOffset.FromUnixTimeSeconds(p.Minute * 60), p.Mentions, p.Spike)).ToList());
    }

    internal static async Task<Ok<List<AlertView>>> AlertsAsync(WebDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Alerts.AsNoTracking().OrderByDescending(a => a.DetectedAt).Take(200).ToListAsync(cancellationToken));
}
