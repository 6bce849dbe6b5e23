using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Replies;
using CrisisComms.Triage.Scoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage.Queue;

internal sealed record ReplySummary(ReplyState Status, string? Detail);

internal sealed record Acknowledgement(string By, DateTimeOffset At, string? Via);

internal sealed record SuggestedReply(string Template, string Text);

internal sealed record TriageItemResponse(
    Guid Id, Guid MentionId, Guid? IncidentId, string Channel, string Author, string Text, Verdict Verdict, Priority Priority,
    IReadOnlyList<string> Reasons, string Status, bool LifeSafety, bool Rumour, float? Score, DateTimeOffset CreatedAt, DateTimeOffset? Deadline,
    DateTimeOffset? BreachedAt, string? Outcome, string? ResolvedBy, DateTimeOffset? ResolvedAt, string? AssignedTo, string? ClaimedBy,
    DateTimeOffset? ClaimExpiresAt, DateTimeOffset? SnoozedUntil, int ClusterSize, int RecentCount, DateTimeOffset LastSeenAt,
    ReplySummary Reply, Acknowledgement? Acknowledged, SuggestedReply? Suggested)
{
    public static TriageItemResponse From(TriageItem i, DateTimeOffset now)
    {
        var claimant = i.ActiveClaimant(now);
        var suggested = i.LifeSafety && ReplyTemplates.Find(ReplyTemplates.CallEmergency) is { } call ? new SuggestedReply(call.Key, call.Text) : null;
        return new(
            i.Id, i.MentionId, i.IncidentId, i.Channel, i.Author, i.Text, i.Verdict, i.Priority, i.ReasonList, ItemPicture.StatusOf(i, now),
            i.LifeSafety, i.Rumour, i.Score, i.CreatedAt, i.Deadline, i.BreachedAt, i.Outcome, i.ResolvedBy, i.ResolvedAt, i.AssignedTo, claimant,
            claimant is null ? null : i.ClaimExpiresAt, i.Status == ItemStatus.Snoozed ? i.SnoozedUntil : null, i.ClusterSize, i.RecentCount, i.LastSeenAt,
            new ReplySummary(i.ReplyStatus, i.ReplyDetail),
            i.AcknowledgedBy is null ? null : new Acknowledgement(i.AcknowledgedBy, i.AcknowledgedAt!.Value, i.AcknowledgedVia),
            suggested);
    }
}

internal sealed record MentionView(Guid MentionId, string Channel, string NativeId, string Author, string Text, string Kind, long? AuthorFollowers, bool IsRepost, DateTimeOffset PostedAt, DateTimeOffset ReceivedAt, string? Url, Guid? ReplyId);

internal sealed record ReplyView(Guid Id, Guid MentionId, string Channel, string Text, string? Template, ReplyRowStatus Status, string RequestedBy, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string? Url, string? Error);

internal sealed record TriageItemDetail(TriageItemResponse Item, IReadOnlyList<MentionView> Mentions, IReadOnlyList<ReplyView> Replies);

internal sealed record ResolveRequest(string? Outcome, Verdict? Judgement, Priority? Priority);

internal sealed record AssignRequest(string? Assignee);

internal sealed record SnoozeRequest(DateTimeOffset? Until, int? Minutes);

internal sealed record BulkRequest(string? Action, IReadOnlyList<Guid>? ItemIds, string? Outcome, string? Assignee, DateTimeOffset? Until, int? Minutes);

internal sealed record BulkResult(Guid ItemId, bool Done, string? Status, string? Problem, string? Detail);

internal sealed record BulkResponse(int Done, int Refused, IReadOnlyList<BulkResult> Results);

internal static class TriageEndpoints
{
    private const int MaxBulk = 200;
    private static readonly string[] BulkActions = ["claim", "release", "assign", "snooze", "resolve"];

    public static void MapTriageQueue(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/v1/triage/items").WithTags("Triage").RequireAuthorization(Policies.Staff);
        items.MapGet("/", ListAsync).WithName("ListTriageItems")
            .WithSummary("The queue: waiting items by priority, then deadline (status=open|snoozed|resolved|filed|all); with updatedSince, what changed since then, oldest change first.");
        items.MapGet("/{id:guid}", GetAsync).WithName("GetTriageItem")
            .WithSummary("One item with its cluster's mentions and the replies sent from it.");
        items.MapPost("/{id:guid}/claim", ClaimAsync).WithName("ClaimTriageItem")
            .WithSummary("Take the item (a lease that lapses if you go quiet; claiming again renews it).");
        items.MapPost("/{id:guid}/release", ReleaseAsync).WithName("ReleaseTriageItem");
        items.MapPost("/{id:guid}/assign", AssignAsync).WithName("AssignTriageItem");
        items.MapPost("/{id:guid}/snooze", SnoozeAsync).WithName("SnoozeTriageItem")
            .WithSummary("Out of the queue until a time (not for Critical items); the deadline moves with it.");
        items.MapPost("/{id:guid}/resolve", ResolveAsync).WithName("ResolveTriageItem").WithIdempotency<TriageDbContext>()
            .WithSummary("Close with an outcome: replied, no action, referred to partner, escalated. Recorded as a training label.");
        items.MapPost("/bulk", BulkAsync).WithName("BulkTriageAction").WithIdempotency<TriageDbContext>()
            .WithSummary("claim, release, assign, snooze or resolve up to 200 items; each item's result is reported.");
    }

    internal static async Task<Results<Ok<List<TriageItemResponse>>, ProblemHttpResult>> ListAsync(
        string? status, Guid? incidentId, Priority? priority, string? assignedTo, DateTimeOffset? updatedSince, int? limit, TriageDbContext db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var take = limit ?? 200;
        if (take is < 1 or > 500)
        {
            return ApiProblems.Validation("limit", "must be 1 to 500");
        }

        var query = db.Items.AsNoTracking();
        switch ((status ?? "open").ToLowerInvariant())
        {
            case "open":
                query = query.Where(i => i.Status == ItemStatus.Open || (i.Status == ItemStatus.Snoozed && i.SnoozedUntil <= now));
                break;
            case "snoozed":
                query = query.Where(i => i.Status == ItemStatus.Snoozed && i.SnoozedUntil > now);
                break;
            case "resolved":
                query = query.Where(i => i.Status == ItemStatus.Resolved);
                break;
            case "filed":
                query = query.Where(i => i.Status == ItemStatus.Filed);
                break;
            case "all":
                break;
            default:
                return ApiProblems.Validation("status", "must be open, snoozed, resolved, filed or all");
        }

        if (incidentId is { } incident)
        {
            query = query.Where(i => i.IncidentId == incident);
        }

        if (priority is { } p)
        {
            query = query.Where(i => i.Priority == p);
        }

        if (!string.IsNullOrWhiteSpace(assignedTo))
        {
            var who = assignedTo == "me" ? user.Id : assignedTo;
            query = query.Where(i => i.AssignedTo == who || (i.ClaimedBy == who && i.ClaimExpiresAt > now));
        }

        if (updatedSince is { } since)
        {
            // A console keeping its view fresh: only what changed, in the order it changed.
            var changed = await query.Where(i => i.UpdatedAt > since).OrderBy(i => i.UpdatedAt).ThenBy(i => i.Id).Take(take).ToListAsync(cancellationToken);
            return TypedResults.Ok(changed.Select(i => TriageItemResponse.From(i, now)).ToList());
        }

        var items = await query.OrderBy(i => i.Priority).ThenBy(i => i.Deadline).ThenBy(i => i.CreatedAt).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(items.Select(i => TriageItemResponse.From(i, now)).ToList());
    }

    internal static async Task<Results<Ok<TriageItemDetail>, ProblemHttpResult>> GetAsync(Guid id, TriageDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("Triage item", id);
        }

        var mentions = await db.Mentions.AsNoTracking().Where(m => m.ItemId == id).OrderByDescending(m => m.ReceivedAt).Take(50).ToListAsync(cancellationToken);
        var replies = await db.Replies.AsNoTracking().Where(r => r.ItemId == id).OrderByDescending(r => r.RequestedAt).Take(100).ToListAsync(cancellationToken);
        return TypedResults.Ok(new TriageItemDetail(
            TriageItemResponse.From(item, time.GetUtcNow()),
            mentions.Select(m => new MentionView(m.MentionId, m.Channel, m.NativeId, m.Author, m.Text, m.Kind, m.AuthorFollowers, m.IsRepost, m.PostedAt, m.ReceivedAt, m.Url, m.ReplyId)).ToList(),
            replies.Select(r => new ReplyView(r.Id, r.MentionId, r.Channel, r.Text, r.TemplateKey, r.Status, r.RequestedBy, r.RequestedAt, r.CompletedAt, r.Url, r.Error)).ToList()));
    }

    internal static Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> ClaimAsync(Guid id, TriageDbContext db, CurrentUser user, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        ActAsync(id, db, time, (item, now) => QueueActions.Claim(item, user.Id, now, options.Value), cancellationToken);

    internal static Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> ReleaseAsync(Guid id, TriageDbContext db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken) =>
        ActAsync(id, db, time, (item, now) => QueueActions.Release(item, user.Id, now), cancellationToken);

    internal static Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> AssignAsync(Guid id, AssignRequest request, TriageDbContext db, CurrentUser user, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Assignee is { Length: > 200 })
        {
            return Task.FromResult<Results<Ok<TriageItemResponse>, ProblemHttpResult>>(ApiProblems.Validation("assignee", "is at most 200 characters"));
        }

        return ActAsync(id, db, time, (item, now) => QueueActions.Assign(item, request.Assignee, user.Id, now, options.Value), cancellationToken);
    }

    internal static Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> SnoozeAsync(Guid id, SnoozeRequest request, TriageDbContext db, CurrentUser user, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SnoozeUntil(request.Until, request.Minutes, time.GetUtcNow()) is not { } until)
        {
            return Task.FromResult<Results<Ok<TriageItemResponse>, ProblemHttpResult>>(ApiProblems.Validation("until", "give until (a time) or minutes"));
        }

        return ActAsync(id, db, time, (item, now) => QueueActions.Snooze(item, until, user.Id, now, options.Value), cancellationToken);
    }

    internal static Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> ResolveAsync(Guid id, ResolveRequest request, TriageDbContext db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Outcome is null || !TriageOutcomes.All.Contains(request.Outcome))
        {
            return Task.FromResult<Results<Ok<TriageItemResponse>, ProblemHttpResult>>(ApiProblems.Validation("outcome", $"must be one of: {string.Join(", ", TriageOutcomes.All)}"));
        }

        return ActAsync(id, db, time, (item, now) => QueueActions.Resolve(item, request.Outcome, request.Judgement, request.Priority, user.Id, now, db), cancellationToken);
    }

    internal static async Task<Results<Ok<BulkResponse>, ProblemHttpResult>> BulkAsync(
        BulkRequest request, TriageDbContext db, CurrentUser user, IOptions<TriageOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var action = request.Action?.ToLowerInvariant();
        if (action is null || !BulkActions.Contains(action))
        {
            errors["action"] = [$"must be one of: {string.Join(", ", BulkActions)}"];
        }

        var ids = request.ItemIds?.Distinct().ToList() ?? [];
        if (ids.Count is 0 or > MaxBulk)
        {
            errors["itemIds"] = [$"give 1 to {MaxBulk} item ids"];
        }

        if (action == "resolve" && (request.Outcome is null || !TriageOutcomes.All.Contains(request.Outcome)))
        {
            errors["outcome"] = [$"must be one of: {string.Join(", ", TriageOutcomes.All)}"];
        }

        var until = SnoozeUntil(request.Until, request.Minutes, now);
        if (action == "snooze" && until is null)
        {
            errors["until"] = ["give until (a time) or minutes"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        try
        {
            var results = await db.InTransactionAsync(async () =>
            {
                var items = await db.Items.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
                var results = new List<BulkResult>(ids.Count);
                foreach (var id in ids)
                {
                    if (!items.TryGetValue(id, out var item))
                    {
                        results.Add(new BulkResult(id, false, null, "not-found", $"No triage item has id '{id}'."));
                        continue;
                    }

                    var refusal = action switch
                    {
                        "claim" => QueueActions.Claim(item, user.Id, now, options.Value),
                        "release" => QueueActions.Release(item, user.Id, now),
                        "assign" => QueueActions.Assign(item, request.Assignee, user.Id, now, options.Value),
                        "snooze" => QueueActions.Snooze(item, until!.Value, user.Id, now, options.Value),
                        _ => QueueActions.Resolve(item, request.Outcome!, null, null, user.Id, now, db),
                    };
                    if (refusal is null)
                    {
                        item.Version++;
                        ItemPicture.Announce(db, item, now);
                    }

                    results.Add(new BulkResult(id, refusal is null, ItemPicture.StatusOf(item, now), refusal?.Type, refusal?.Detail));
                }

                return results;
            }, cancellationToken);
            return TypedResults.Ok(new BulkResponse(results.Count(r => r.Done), results.Count(r => !r.Done), results));
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }
    }

    /// <summary>Loads the item, applies one rule of the queue, and saves it with its announcement — or says why not.</summary>
    internal static async Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> ActAsync(
        Guid id, TriageDbContext db, TimeProvider time, Func<TriageItem, DateTimeOffset, ActionRefusal?> act, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            return await db.InTransactionAsync<Results<Ok<TriageItemResponse>, ProblemHttpResult>>(async () =>
            {
                var item = await db.Items.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
                if (item is null)
                {
                    return ApiProblems.NotFound("Triage item", id);
                }

                if (act(item, now) is { } refusal)
                {
                    db.ChangeTracker.Clear();
                    return Refused(refusal);
                }

                item.Version++;
                ItemPicture.Announce(db, item, now);
                return TypedResults.Ok(TriageItemResponse.From(item, now));
            }, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed();
        }
    }

    public static ProblemHttpResult Refused(ActionRefusal refusal) =>
        refusal.Field is { } field ? ApiProblems.Validation(field, refusal.Detail) : ApiProblems.Problem(refusal.Status, refusal.Type, refusal.Title, refusal.Detail);

    private static ProblemHttpResult Changed() =>
        ApiProblems.Conflict("item-changed", "The item changed meanwhile.", "Someone else acted on it at the same moment: reload it and try again.");

    private static DateTimeOffset? SnoozeUntil(DateTimeOffset? until, int? minutes, DateTimeOffset now) =>
        until ?? (minutes is > 0 and <= 60 * 24 * 7 ? now.AddMinutes(minutes.Value) : null);
}
