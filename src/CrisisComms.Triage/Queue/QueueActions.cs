using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Scoring;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Triage.Queue;

/// <summary>Why an action on an item was refused, as an RFC 7807 problem.</summary>
internal sealed record ActionRefusal(int Status, string Type, string Title, string Detail, string? Field = null);

/// <summary>
/// The rules of the queue, one item at a time (the single-item endpoints and bulk actions share them):
/// a claim is a lease held by one officer until it runs out or they let go; only its holder (or nobody,
/// when it is unclaimed) may act on the item, and every action renews it.
/// </summary>
internal static class QueueActions
{
    public static ActionRefusal? Claim(TriageItem item, string user, DateTimeOffset now, TriageOptions options)
    {
        if (item.Status is ItemStatus.Resolved)
        {
            return new(StatusCodes.Status409Conflict, "item-resolved", "The item is resolved.", $"Item {item.Id} was resolved ({item.Outcome}) by {item.ResolvedBy}.");
        }

        if (HeldByAnother(item, user, now) is { } refusal)
        {
            return refusal;
        }

        item.ClaimedBy = user;
        item.ClaimExpiresAt = now + options.ClaimLease;
        return null;
    }

    public static ActionRefusal? Release(TriageItem item, string user, DateTimeOffset now)
    {
        if (HeldByAnother(item, user, now) is { } refusal)
        {
            return refusal;
        }

        item.ClaimedBy = null;
        item.ClaimExpiresAt = null;
        return null;
    }

    public static ActionRefusal? Assign(TriageItem item, string? assignee, string user, DateTimeOffset now, TriageOptions options)
    {
        if (item.Status is ItemStatus.Resolved)
        {
            return new(StatusCodes.Status409Conflict, "item-resolved", "The item is resolved.", $"Item {item.Id} was resolved ({item.Outcome}).");
        }

        item.AssignedTo = string.IsNullOrWhiteSpace(assignee) ? null : assignee.Trim();
        Renew(item, user, now, options);
        return null;
    }

    public static ActionRefusal? Snooze(TriageItem item, DateTimeOffset until, string user, DateTimeOffset now, TriageOptions options)
    {
        if (until <= now || until > now + options.MaxSnooze)
        {
            return new(StatusCodes.Status400BadRequest, "validation", "The request has invalid fields.", $"until: must be in the next {options.MaxSnooze}", "until");
        }

        if (item.Priority == Priority.Critical || item.LifeSafety)
        {
            return new(StatusCodes.Status409Conflict, "critical-not-snoozable", "Critical items cannot be snoozed.", "Someone may be in danger: claim it, reply, escalate or resolve it.");
        }

        if (!item.Waiting(now) && item.Status != ItemStatus.Snoozed)
        {
            return new(StatusCodes.Status409Conflict, "item-not-waiting", "Only a waiting item can be snoozed.", $"Item {item.Id} is {item.Status}.");
        }

        if (HeldByAnother(item, user, now) is { } refusal)
        {
            return refusal;
        }

        item.Status = ItemStatus.Snoozed;
        item.SnoozedUntil = until;
        // After waking it gets a full response window: the snooze is the officer's decision, on record.
        var deadline = until + options.DeadlineFor(item.Priority);
        if (item.BreachedAt is null && (item.Deadline is null || deadline > item.Deadline))
        {
            item.Deadline = deadline;
        }

        item.ClaimedBy = null;
        item.ClaimExpiresAt = null;
        return null;
    }

    public static ActionRefusal? Resolve(TriageItem item, string outcome, Verdict? judged, Priority? priority, string user, DateTimeOffset now, TriageDbContext db)
    {
        if (item.Status == ItemStatus.Resolved)
        {
            return new(StatusCodes.Status409Conflict, "item-resolved", "The item is already resolved.", $"Item {item.Id} was resolved ({item.Outcome}) by {item.ResolvedBy}.");
        }

        if (HeldByAnother(item, user, now) is { } refusal)
        {
            return refusal;
        }

        item.Status = ItemStatus.Resolved;
        item.Outcome = outcome;
        item.ResolvedAt = now;
        item.ResolvedBy = user;
        item.SnoozedUntil = null;
        item.ClaimedBy = null;
        item.ClaimExpiresAt = null;
        RecordLabel(item, outcome, judged, priority, user, now, db);
        return null;
    }

    /// <summary>The officer's decision as a training label: what they did says whether it needed a response.</summary>
    public static void RecordLabel(TriageItem item, string outcome, Verdict? judged, Priority? priority, string user, DateTimeOffset now, TriageDbContext db)
    {
        var verdict = judged ?? (outcome == "no action" ? (item.Verdict == Verdict.Irrelevant ? Verdict.Irrelevant : Verdict.Informational) : Verdict.NeedsResponse);
        db.Labels.Add(new TriageLabel
        {
            Id = Guid.CreateVersion7(),
            ItemId = item.Id,
            IncidentId = item.IncidentId,
            Text = item.Text,
            NeedsResponse = verdict == Verdict.NeedsResponse,
            Verdict = verdict,
            Priority = priority ?? item.Priority,
            Outcome = outcome,
            DecidedBy = user,
            DecidedAt = now,
        });
    }

    /// <summary>An action by the claimant keeps their claim alive.</summary>
    public static void Renew(TriageItem item, string user, DateTimeOffset now, TriageOptions options)
    {
        if (item.ActiveClaimant(now) == user)
        {
            item.ClaimExpiresAt = now + options.ClaimLease;
        }
    }

    public static ActionRefusal? HeldByAnother(TriageItem item, string user, DateTimeOffset now) =>
        item.ActiveClaimant(now) is { } holder && holder != user
            ? new(StatusCodes.Status409Conflict, "item-claimed", "Someone else has this item.", $"Claimed by {holder} until {item.ClaimExpiresAt:u}; the claim lapses if they go quiet.")
            : null;
}
