using CrisisComms.Contracts.Incidents;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Incidents;

internal sealed record OpenIncidentRequest(string? Title, string? ShortName, Severity? Severity);

internal sealed record IncidentResponse(
    Guid Id,
    string Organisation,
    string Title,
    string Hashtag,
    Severity Severity,
    IncidentStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt)
{
    public static IncidentResponse From(Incident i) =>
        new(i.Id, i.Organisation, i.Title, i.Hashtag, i.Severity, i.Status, i.OpenedAt, i.ClosedAt);
}

internal static class IncidentEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents").RequireAuthorization(Policies.Staff);
        incidents.MapPost("/", OpenAsync).WithName("OpenIncident");
        incidents.MapGet("/", ListAsync).WithName("ListIncidents");
        incidents.MapGet("/{id:guid}", GetAsync).WithName("GetIncident");
        incidents.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseIncident");
    }

    /// <summary>Opens an incident, issues its hashtag and announces it (monitoring starts watching the tag).</summary>
    internal static async Task<Results<Created<IncidentResponse>, ProblemHttpResult>> OpenAsync(
        OpenIncidentRequest request,
        DraftingDbContext db,
        IOptions<DraftingOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            errors["title"] = ["is required, at most 200 characters"];
        }

        var name = string.IsNullOrWhiteSpace(request.ShortName) ? title : request.ShortName.Trim();
        if (request.ShortName is { Length: > 40 })
        {
            errors["shortName"] = ["is at most 40 characters"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var settings = options.Value;
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(),
            Organisation = settings.Organisation,
            Title = title!,
            Hashtag = Hashtags.Compose(settings.HashtagPrefix, name!),
            Severity = request.Severity ?? Severity.Moderate,
            Status = IncidentStatus.Open,
            OpenedAt = time.GetUtcNow(),
        };
        db.Incidents.Add(incident);
        db.Outbox.Publish(new IncidentOpened(
            incident.Id, incident.Organisation, incident.Title, incident.Hashtag, incident.Severity.ToString(), incident.OpenedAt));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}", IncidentResponse.From(incident));
    }

    internal static async Task<Ok<List<IncidentResponse>>> ListAsync(DraftingDbContext db, CancellationToken cancellationToken)
    {
        var incidents = await db.Incidents.AsNoTracking().OrderByDescending(i => i.OpenedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(incidents.Select(IncidentResponse.From).ToList());
    }

    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetAsync(Guid id, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return incident is null ? ApiProblems.NotFound("Incident", id) : TypedResults.Ok(IncidentResponse.From(incident));
    }

    /// <summary>Closes an incident; monitoring stops watching its hashtag. Closing twice is harmless.</summary>
    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> CloseAsync(
        Guid id, DraftingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return ApiProblems.NotFound("Incident", id);
        }

        if (incident.Status != IncidentStatus.Closed)
        {
            incident.Status = IncidentStatus.Closed;
            incident.ClosedAt = time.GetUtcNow();
            db.Outbox.Publish(new IncidentClosed(incident.Id, incident.Hashtag, incident.ClosedAt.Value));
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(IncidentResponse.From(incident));
    }
}
