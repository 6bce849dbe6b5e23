using CrisisComms.Contracts.Drafting;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Schedules;

internal sealed record ScheduleRequest(Guid? IncidentId, ScheduledKind? Kind, DateTimeOffset? DueAt, Guid? DraftId, string? Note, bool Routine = false);

internal sealed record ScheduleView(Guid Id, Guid? IncidentId, ScheduledKind Kind, DateTimeOffset DueAt, Guid? DraftId, string? Note, ScheduledStatus Status, string? Outcome, bool Routine, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static ScheduleView From(ScheduledItem s) => new(s.Id, s.IncidentId, s.Kind, s.DueAt, s.DraftId, s.Note, s.Status, s.Outcome, s.Routine, s.CreatedBy, s.CreatedAt);
}

internal sealed record CrisisSwitchRequest(bool? On, string? Reason);

internal static class ScheduleEndpoints
{
    public static void MapSchedules(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/api/v1/schedules").WithTags("Schedules").RequireAuthorization(Policies.Staff);
        schedules.MapPost("/", CreateAsync).WithName("Schedule").WithIdempotency<DraftingDbContext>()
            .WithSummary("A post (a draft published at a time) or a reminder; a routine one (business as usual) is held while the crisis switch is on.");
        schedules.MapGet("/", ListAsync).WithName("ListSchedules");
        schedules.MapPost("/{id:guid}/cancel", CancelAsync).WithName("CancelSchedule");
        schedules.MapPost("/{id:guid}/release", ReleaseAsync).WithName("ReleaseHeldSchedule")
            .WithSummary("Send a routine post the crisis switch held, now.");

        app.MapPut("/api/v1/organisation/crisis-switch", CrisisSwitchAsync).WithTags("Organisation").WithName("SetCrisisSwitch")
            .RequireAuthorization(Policies.Approvers)
            .WithSummary("Hold every routine scheduled post of the organisation (with a reason; logged), or let them go again.");
    }

    internal static async Task<Results<Created<ScheduleView>, ProblemHttpResult>> CreateAsync(
        ScheduleRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        if (request.DueAt is not { } dueAt || dueAt <= now || dueAt > now.AddDays(366))
        {
            errors["dueAt"] = ["is required, in the future, within a year"];
        }

        var kind = request.Kind ?? (request.DraftId is null ? ScheduledKind.Reminder : ScheduledKind.Post);
        Draft? draft = null;
        if (kind == ScheduledKind.Post)
        {
            draft = request.DraftId is { } draftId ? await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == draftId, cancellationToken) : null;
            if (draft is null)
            {
                errors["draftId"] = ["a scheduled post names the draft to publish"];
            }
            else if (draft.Status == DraftStatus.Published)
            {
                errors["draftId"] = ["that draft is already published"];
            }
            else if (request.IncidentId is { } incidentId && incidentId != draft.IncidentId)
            {
                errors["incidentId"] = ["is not the draft's incident"];
            }
        }
        else if (string.IsNullOrWhiteSpace(request.Note))
        {
            errors["note"] = ["a reminder says what to do"];
        }

        if (request.Note is { Length: > 1000 })
        {
            errors["note"] = ["is at most 1,000 characters"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var item = new ScheduledItem
        {
            Id = Guid.CreateVersion7(),
            IncidentId = draft?.IncidentId ?? request.IncidentId,
            Kind = kind,
            DueAt = request.DueAt!.Value.ToUniversalTime(),
            DraftId = draft?.Id,
            Note = request.Note?.Trim(),
            Routine = request.Routine,
            Status = ScheduledStatus.Pending,
            CreatedBy = user.Name,
            CreatedAt = now,
        };
        await db.InTransactionAsync(async () =>
        {
            db.Schedules.Add(item);
            db.Outbox.Schedule(new ScheduledItemDue(item.Id), item.DueAt, $"schedule-{item.Id:N}");
            await audit.RecordAsync("schedule.created", "schedule", item.Id, item.IncidentId, null, new { item.Kind, item.DueAt, item.DraftId, item.Note, item.Routine }, cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.Created($"/api/v1/schedules/{item.Id}", ScheduleView.From(item));
    }

    internal static async Task<Ok<List<ScheduleView>>> ListAsync(Guid? incidentId, ScheduledStatus? status, bool? routine, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Schedules.AsNoTracking();
        if (incidentId is { } incident)
        {
            query = query.Where(s => s.IncidentId == incident);
        }

        if (routine is { } isRoutine)
        {
            query = query.Where(s => s.Routine == isRoutine);
        }

        if (status is { } wanted)
        {
            query = query.Where(s => s.Status == wanted);
        }

        var items = await query.OrderBy(s => s.DueAt).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(items.Select(ScheduleView.From).ToList());
    }

    internal static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> CancelAsync(
        Guid id, ReasonRequest? request, DraftingDbContext db, AuditTrail audit, CancellationToken cancellationToken)
    {
        var item = await db.Schedules.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("Schedule", id);
        }

        if (item.Status is ScheduledStatus.Pending or ScheduledStatus.Held)
        {
            item.Status = ScheduledStatus.Cancelled;
            item.Outcome = request?.Reason ?? "cancelled";
            await db.InTransactionAsync(async () =>
            {
                await audit.RecordAsync("schedule.cancelled", "schedule", item.Id, item.IncidentId, request?.Reason, null, cancellationToken);
                return true;
            }, cancellationToken);
        }

        return TypedResults.Ok(ScheduleView.From(item));
    }

    internal static async Task<Results<Ok<ScheduleView>, ProblemHttpResult>> ReleaseAsync(
        Guid id, DraftingDbContext db, DraftWorkflow workflow, AuditTrail audit, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        var item = await db.Schedules.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("Schedule", id);
        }

        if (item.Status != ScheduledStatus.Held)
        {
            return ApiProblems.Conflict("schedule-state", "Only a held post can be released.", $"Schedule {id} is {item.Status}.");
        }

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        var refusal = await db.InTransactionAsync(async () =>
        {
            await audit.RecordAsync("schedule.released", "schedule", item.Id, item.IncidentId, null, null, cancellationToken);
            return await ScheduledItemDueConsumer.PublishAsync(db, workflow, item, settings, cancellationToken);
        }, cancellationToken);
        return refusal is null ? TypedResults.Ok(ScheduleView.From(item)) : ApiProblems.Conflict(refusal.Type, refusal.Title, refusal.Detail);
    }

    internal static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> CrisisSwitchAsync(
        CrisisSwitchRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        if (request.On is not { } on)
        {
            return ApiProblems.Validation("on", "is required: true holds routine posts, false lets them go");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
        {
            return ApiProblems.Validation("reason", "is required (at most 1,000 characters)");
        }

        var settings = await db.Settings.FirstOrDefaultAsync(cancellationToken) ?? SettingsStore.FromDefaults(defaults.Value);
        if (settings.CrisisSwitchOn != on)
        {
            settings.CrisisSwitchOn = on;
            settings.CrisisSwitchReason = request.Reason.Trim();
            settings.CrisisSwitchBy = user.Name;
            settings.CrisisSwitchAt = time.GetUtcNow();
            await db.InTransactionAsync(async () =>
            {
                if (db.Entry(settings).State == EntityState.Detached)
                {
                    db.Settings.Add(settings);
                }

                await audit.RecordAsync(on ? "crisis-switch.on" : "crisis-switch.off", "organisation", settings.Name, null, settings.CrisisSwitchReason, null, cancellationToken);
                return true;
            }, cancellationToken);
        }

        return TypedResults.Ok(OrganisationView.From(settings));
    }
}
