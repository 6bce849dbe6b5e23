using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Drafting.Schedules;
using CrisisComms.Drafting.Tags;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Incidents;

internal sealed record OpenIncidentRequest(
    string? Title,
    string? ShortName,
    string? Hashtag,
    Severity? Severity,
    IReadOnlyList<string>? Areas,
    string? Summary,
    bool AcceptHashtagInUse = false);

internal sealed record UpdateIncidentRequest(string? Title, Severity? Severity, IReadOnlyList<string>? Areas, string? Summary, string? Reason);

internal sealed record ReasonRequest(string? Reason);

internal sealed record NextUpdateRequest(DateTimeOffset? DueAt, string? Note);

internal sealed record IncidentResponse(
    Guid Id,
    string Organisation,
    string Title,
    string ShortName,
    string Hashtag,
    Severity Severity,
    IncidentStatus Status,
    IReadOnlyList<string> Areas,
    string? Summary,
    DateTimeOffset? NextUpdateDue,
    string OpenedBy,
    DateTimeOffset OpenedAt,
    DateTimeOffset? StoodDownAt,
    DateTimeOffset? ClosedAt)
{
    public UsageView? HashtagUsage { get; init; }

    public static IncidentResponse From(Incident i) => new(
        i.Id, i.Organisation, i.Title, i.ShortName, i.Hashtag, i.Severity, i.Status, i.Areas, i.Summary, i.NextUpdateDue, i.OpenedBy, i.OpenedAt, i.StoodDownAt, i.ClosedAt);
}

internal static class IncidentEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder app)
    {
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents").RequireAuthorization(Policies.Staff);
        incidents.MapPost("/", OpenAsync).WithName("OpenIncident").WithIdempotency<DraftingDbContext>()
            .WithSummary("Open an incident and issue its hashtag (checked for validity, the register and recent use first).");
        incidents.MapGet("/", ListAsync).WithName("ListIncidents");
        incidents.MapGet("/{id:guid}", GetAsync).WithName("GetIncident");
        incidents.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateIncident").WithSummary("Change severity, areas, summary or title.");
        incidents.MapPost("/{id:guid}/stand-down", StandDownAsync).WithName("StandDownIncident");
        incidents.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseIncident")
            .WithSummary("Close: its hashtag is retired (kept in the register's history) and monitoring stops watching it.");
        incidents.MapPost("/{id:guid}/next-update", NextUpdateAsync).WithName("SetNextUpdate")
            .WithSummary("Promise the next update at a time: shown to partners, and the duty officer is reminded when it is due.");
    }

    internal static async Task<Results<Created<IncidentResponse>, ProblemHttpResult>> OpenAsync(
        OpenIncidentRequest request,
        DraftingDbContext db,
        HashtagUsageClient usage,
        AuditTrail audit,
        CurrentUser user,
        IOptions<DraftingOptions> defaults,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            errors["title"] = ["is required, at most 200 characters"];
        }

        if (request.ShortName is { Length: > 40 })
        {
            errors["shortName"] = ["is at most 40 characters"];
        }

        var areas = Clean(request.Areas);
        if (areas is null)
        {
            errors["areas"] = ["each area is 1 to 200 characters, at most 50 areas"];
        }

        if (request.Summary is { Length: > 4000 })
        {
            errors["summary"] = ["is at most 4,000 characters"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        var now = time.GetUtcNow();
        var (tag, name) = HashtagEndpoints.Candidate(settings.HashtagPrefix, request.Hashtag, request.ShortName, title);
        var verdict = await HashtagEndpoints.JudgeAsync(db, usage, settings, tag, name, areas!, now, cancellationToken);
        if (!verdict.Valid)
        {
            return ApiProblems.Validation(request.Hashtag is null ? "shortName" : "hashtag", verdict.Advice);
        }

        if (verdict.LiveForAnotherIncident)
        {
            return HashtagProblem("hashtag-live", $"{tag} is live for another incident.", verdict);
        }

        if (verdict.InUseByOthers && !request.AcceptHashtagInUse)
        {
            return HashtagProblem("hashtag-in-use", $"{tag} is already in use by others.", verdict);
        }

        var incident = new Incident
        {
            Id = Guid.CreateVersion7(),
            Organisation = settings.Name,
            Title = title!,
            ShortName = name,
            Hashtag = verdict.Hashtag,
            Severity = request.Severity ?? Severity.Moderate,
            Status = IncidentStatus.Open,
            Areas = areas!,
            Summary = request.Summary?.Trim(),
            OpenedBy = user.Name,
            OpenedAt = now,
        };
        try
        {
            await db.InTransactionAsync(async () =>
            {
                db.Incidents.Add(incident);
                db.Hashtags.Add(new IssuedHashtag
                {
                    Id = Guid.CreateVersion7(),
                    Tag = incident.Hashtag,
                    Normalized = HashtagRules.Normalize(incident.Hashtag),
                    IncidentId = incident.Id,
                    IssuedBy = user.Name,
                    IssuedAt = now,
                });
                await audit.RecordAsync("incident.opened", "incident", incident.Id, incident.Id, null,
                    new { incident.Title, incident.Severity, incident.Areas, incident.Summary }, cancellationToken);
                await audit.RecordAsync("hashtag.issued", "hashtag", incident.Hashtag, incident.Id,
                    verdict.InUseByOthers ? "issued although in use by others" : null, new { verdict.Usage }, cancellationToken);
                db.Outbox.Publish(new IncidentOpened(incident.Id, incident.Organisation, incident.Title, incident.Hashtag, incident.Severity.ToString(), incident.OpenedAt));
                db.Outbox.Publish(Updated(incident, user.Name, now));
                return true;
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Issued to another incident a moment ago? The register's unique index decided.
            db.ChangeTracker.Clear();
            var normalized = HashtagRules.Normalize(verdict.Hashtag);
            if (await db.Hashtags.AsNoTracking().AnyAsync(h => h.Normalized == normalized && h.RetiredAt == null, CancellationToken.None))
            {
                return HashtagProblem("hashtag-live", $"{verdict.Hashtag} was just issued to another incident.", verdict);
            }

            throw;
        }

        return TypedResults.Created($"/api/v1/incidents/{incident.Id}", IncidentResponse.From(incident) with { HashtagUsage = verdict.Usage });
    }

    internal static async Task<Ok<List<IncidentResponse>>> ListAsync(IncidentStatus? status, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Incidents.AsNoTracking();
        if (status is { } wanted)
        {
            query = query.Where(i => i.Status == wanted);
        }

        var incidents = await query.OrderByDescending(i => i.OpenedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(incidents.Select(IncidentResponse.From).ToList());
    }

    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetAsync(Guid id, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return incident is null ? ApiProblems.NotFound("Incident", id) : TypedResults.Ok(IncidentResponse.From(incident));
    }

    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateIncidentRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Title is { } t && (string.IsNullOrWhiteSpace(t) || t.Length > 200))
        {
            errors["title"] = ["is 1 to 200 characters"];
        }

        var areas = request.Areas is null ? null : Clean(request.Areas);
        if (request.Areas is not null && areas is null)
        {
            errors["areas"] = ["each area is 1 to 200 characters, at most 50 areas"];
        }

        if (request.Summary is { Length: > 4000 })
        {
            errors["summary"] = ["is at most 4,000 characters"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return ApiProblems.NotFound("Incident", id);
        }

        if (incident.Status == IncidentStatus.Closed)
        {
            return Closed(incident);
        }

        var changes = new Dictionary<string, object?>();
        if (request.Title is { } title && title.Trim() != incident.Title)
        {
            incident.Title = title.Trim();
            changes["title"] = incident.Title;
        }

        if (request.Severity is { } severity && severity != incident.Severity)
        {
            incident.Severity = severity;
            changes["severity"] = severity.ToString();
        }

        if (areas is not null && !areas.SequenceEqual(incident.Areas))
        {
            incident.Areas = areas;
            changes["areas"] = areas;
        }

        if (request.Summary is { } summary && summary.Trim() != incident.Summary)
        {
            incident.Summary = summary.Trim();
            changes["summary"] = incident.Summary;
        }

        if (changes.Count > 0)
        {
            var now = time.GetUtcNow();
            await db.InTransactionAsync(async () =>
            {
                await audit.RecordAsync("incident.updated", "incident", incident.Id, incident.Id, request.Reason, changes, cancellationToken);
                db.Outbox.Publish(Updated(incident, user.Name, now));
                return true;
            }, cancellationToken);
        }

        return TypedResults.Ok(IncidentResponse.From(incident));
    }

    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> StandDownAsync(
        Guid id, ReasonRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return ApiProblems.NotFound("Incident", id);
        }

        if (incident.Status == IncidentStatus.Closed)
        {
            return Closed(incident);
        }

        if (incident.Status == IncidentStatus.Open)
        {
            var now = time.GetUtcNow();
            incident.Status = IncidentStatus.StoodDown;
            incident.StoodDownAt = now;
            await db.InTransactionAsync(async () =>
            {
                await audit.RecordAsync("incident.stood-down", "incident", incident.Id, incident.Id, request.Reason, null, cancellationToken);
                db.Outbox.Publish(Updated(incident, user.Name, now));
                return true;
            }, cancellationToken);
        }

        return TypedResults.Ok(IncidentResponse.From(incident));
    }

    /// <summary>Closes an incident: retires its tag, cancels what was still scheduled for it, stops the watch. Closing twice is harmless.</summary>
    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> CloseAsync(
        Guid id, ReasonRequest? request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return ApiProblems.NotFound("Incident", id);
        }

        if (incident.Status != IncidentStatus.Closed)
        {
            var now = time.GetUtcNow();
            incident.Status = IncidentStatus.Closed;
            incident.ClosedAt = now;
            incident.NextUpdateDue = null;
            await db.InTransactionAsync(async () =>
            {
                await db.Hashtags.Where(h => h.IncidentId == incident.Id && h.RetiredAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(h => h.RetiredAt, now), cancellationToken);
                var pending = await db.Schedules.Where(s => s.IncidentId == incident.Id && s.Status == ScheduledStatus.Pending).ToListAsync(cancellationToken);
                foreach (var item in pending)
                {
                    item.Status = ScheduledStatus.Cancelled;
                    item.Outcome = "incident closed";
                }

                await audit.RecordAsync("incident.closed", "incident", incident.Id, incident.Id, request?.Reason, new { cancelledSchedules = pending.Count }, cancellationToken);
                await audit.RecordAsync("hashtag.retired", "hashtag", incident.Hashtag, incident.Id, "incident closed", null, cancellationToken);
                db.Outbox.Publish(new IncidentClosed(incident.Id, incident.Hashtag, now));
                db.Outbox.Publish(Updated(incident, user.Name, now));
                return true;
            }, cancellationToken);
        }

        return TypedResults.Ok(IncidentResponse.From(incident));
    }

    internal static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> NextUpdateAsync(
        Guid id, NextUpdateRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (request.DueAt is not { } dueAt || dueAt <= now || dueAt > now.AddDays(14))
        {
            return ApiProblems.Validation("dueAt", "is required, in the future and within 14 days");
        }

        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (incident is null)
        {
            return ApiProblems.NotFound("Incident", id);
        }

        if (incident.Status == IncidentStatus.Closed)
        {
            return Closed(incident);
        }

        incident.NextUpdateDue = dueAt.ToUniversalTime();
        await db.InTransactionAsync(async () =>
        {
            // The previous promise's reminder is superseded.
            var earlier = await db.Schedules.Where(s => s.IncidentId == incident.Id && s.Kind == ScheduledKind.Reminder && s.Status == ScheduledStatus.Pending).ToListAsync(cancellationToken);
            foreach (var item in earlier)
            {
                item.Status = ScheduledStatus.Cancelled;
                item.Outcome = "superseded by a new next-update time";
            }

            var reminder = new ScheduledItem
            {
                Id = Guid.CreateVersion7(),
                IncidentId = incident.Id,
                Kind = ScheduledKind.Reminder,
                DueAt = incident.NextUpdateDue.Value,
                Note = request.Note?.Trim() ?? "Next update due",
                Status = ScheduledStatus.Pending,
                CreatedBy = user.Name,
                CreatedAt = now,
            };
            db.Schedules.Add(reminder);
            db.Outbox.Schedule(new ScheduledItemDue(reminder.Id), reminder.DueAt, $"schedule-{reminder.Id:N}");
            await audit.RecordAsync("incident.next-update", "incident", incident.Id, incident.Id, request.Note, new { dueAt = incident.NextUpdateDue }, cancellationToken);
            db.Outbox.Publish(Updated(incident, user.Name, now));
            return true;
        }, cancellationToken);
        return TypedResults.Ok(IncidentResponse.From(incident));
    }

    public static IncidentUpdated Updated(Incident i, string by, DateTimeOffset at) =>
        new(i.Id, i.Title, i.Hashtag, i.Severity.ToString(), i.Status.ToString(), i.Areas, i.Summary, i.NextUpdateDue, by, at);

    private static List<string>? Clean(IReadOnlyList<string>? areas)
    {
        var cleaned = (areas ?? []).Select(a => a?.Trim() ?? string.Empty).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return cleaned.Count > 50 || cleaned.Any(a => a.Length > 200) ? null : cleaned;
    }

    private static ProblemHttpResult Closed(Incident incident) => ApiProblems.Conflict(
        "incident-closed", "The incident is closed.", $"Incident {incident.Id} was closed at {incident.ClosedAt:u}; open a new one.");

    private static ProblemHttpResult HashtagProblem(string type, string title, HashtagVerdict verdict) =>
        TypedResults.Problem(new ProblemDetailsWithVerdict(verdict)
        {
            Type = ApiProblems.TypePrefix + type,
            Title = title,
            Status = StatusCodes.Status409Conflict,
            Detail = verdict.Advice + (verdict.Alternatives.Count > 0 ? $" Alternatives: {string.Join(", ", verdict.Alternatives)}." : string.Empty),
        });

    private sealed class ProblemDetailsWithVerdict : Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        public ProblemDetailsWithVerdict(HashtagVerdict verdict)
        {
            Extensions["hashtag"] = verdict.Hashtag;
            Extensions["alternatives"] = verdict.Alternatives;
            Extensions["usage"] = verdict.Usage;
        }
    }
}
