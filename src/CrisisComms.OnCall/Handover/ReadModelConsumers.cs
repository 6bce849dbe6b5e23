using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Triage;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.OnCall.Handover;

/// <summary>Keeps the open-items read model (for handover summaries) and resolves an item's escalation once it is dealt with.</summary>
internal sealed class TriageItemUpdatedConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, TriageItemUpdated>(db)
{
    /// <summary>Statuses of an item still waiting on someone; anything else (resolved, dismissed, answered…) is done.</summary>
    private static readonly HashSet<string> Waiting = new(StringComparer.OrdinalIgnoreCase) { "Open", "New", "Claimed", "Assigned", "InProgress", "Waiting", "Escalated" };

    protected override async Task HandleAsync(ConsumeContext<TriageItemUpdated> context)
    {
        var m = context.Message;
        var view = await Db.OpenItems.FirstOrDefaultAsync(i => i.ItemId == m.ItemId, context.CancellationToken);
        if (view is not null && view.ChangedAt > m.ChangedAt)
        {
            // An older picture arriving late.
            return;
        }

        if (!Waiting.Contains(m.Status))
        {
            if (view is not null)
            {
                Db.OpenItems.Remove(view);
            }

            await engine.ResolveSubjectAsync(m.ItemId.ToString(), m.AssignedTo ?? "triage", $"item {m.Status.ToLowerInvariant()}{(m.Outcome is { } o ? $": {o}" : string.Empty)}", context.CancellationToken);
            return;
        }

        if (view is null)
        {
            view = new OpenItemView { ItemId = m.ItemId, Priority = m.Priority, Summary = m.Summary, Status = m.Status };
            Db.OpenItems.Add(view);
        }

        view.IncidentId = m.IncidentId;
        view.Priority = m.Priority;
        view.Summary = m.Summary.Length > 1000 ? m.Summary[..1000] : m.Summary;
        view.Status = m.Status;
        view.AssignedTo = m.AssignedTo;
        view.Deadline = m.Deadline;
        view.ChangedAt = m.ChangedAt;
    }
}

internal sealed class IncidentOpenedConsumer(OnCallDbContext db) : IdempotentConsumer<OnCallDbContext, IncidentOpened>(db)
{
    protected override async Task HandleAsync(ConsumeContext<IncidentOpened> context)
    {
        var m = context.Message;
        if (!await Db.Incidents.AnyAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken))
        {
            Db.Incidents.Add(new IncidentView { IncidentId = m.IncidentId, Title = m.Title, Hashtag = m.Hashtag, Severity = m.Severity, Status = "Open", ChangedAt = m.OpenedAt });
        }
    }
}

internal sealed class IncidentUpdatedConsumer(OnCallDbContext db) : IdempotentConsumer<OnCallDbContext, IncidentUpdated>(db)
{
    protected override async Task HandleAsync(ConsumeContext<IncidentUpdated> context)
    {
        var m = context.Message;
        var view = await Db.Incidents.FirstOrDefaultAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken);
        if (view is null)
        {
            view = new IncidentView { IncidentId = m.IncidentId, Title = m.Title, Hashtag = m.Hashtag, Severity = m.Severity, Status = m.Status };
            Db.Incidents.Add(view);
        }
        else if (view.ChangedAt > m.ChangedAt)
        {
            return;
        }

        view.Title = m.Title;
        view.Hashtag = m.Hashtag;
        view.Severity = m.Severity;
        view.Status = m.Status;
        view.NextUpdateDue = m.NextUpdateDue;
        view.ChangedAt = m.ChangedAt;
    }
}

internal sealed class IncidentClosedConsumer(OnCallDbContext db) : IdempotentConsumer<OnCallDbContext, IncidentClosed>(db)
{
    protected override async Task HandleAsync(ConsumeContext<IncidentClosed> context)
    {
        var m = context.Message;
        if (await Db.Incidents.FirstOrDefaultAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken) is { } view)
        {
            view.Status = "Closed";
            view.NextUpdateDue = null;
            view.ChangedAt = m.ClosedAt;
        }
    }
}
