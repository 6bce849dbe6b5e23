using CrisisComms.Contracts.Drafting;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Schedules;

/// <summary>
/// A scheduled item falls due: a post is published (unless the crisis switch holds routine posts), a
/// reminder is announced. Whatever happened is written on the item and in the audit log.
/// </summary>
internal sealed class ScheduledItemDueConsumer(DraftingDbContext db, DraftWorkflow workflow, AuditTrail audit, IOptions<DraftingOptions> defaults)
    : IdempotentConsumer<DraftingDbContext, ScheduledItemDue>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ScheduledItemDue> context)
    {
        var cancellationToken = context.CancellationToken;
        var item = await Db.Schedules.FirstOrDefaultAsync(s => s.Id == context.Message.ItemId, cancellationToken);
        if (item is not { Status: ScheduledStatus.Pending })
        {
            return;
        }

        var settings = await SettingsStore.GetAsync(Db, defaults, cancellationToken);
        if (item.Routine && settings.CrisisSwitchOn)
        {
            item.Status = ScheduledStatus.Held;
            item.Outcome = $"held: crisis switch on since {settings.CrisisSwitchAt:u} ({settings.CrisisSwitchReason})";
            await audit.RecordSystemAsync("schedule.held", "schedule", item.Id, null, settings.CrisisSwitchReason, null, cancellationToken);
            return;
        }

        if (item.Kind == ScheduledKind.Reminder)
        {
            item.Status = ScheduledStatus.Done;
            item.Outcome = "reminder sent";
            var incident = item.IncidentId is { } id ? await Db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken) : null;
            if (incident is not null && incident.Status != IncidentStatus.Closed)
            {
                Db.Outbox.Publish(new UpdateDue(incident.Id, incident.Title, item.DueAt, item.Note));
            }

            await audit.RecordSystemAsync("schedule.reminded", "schedule", item.Id, item.IncidentId, item.Note, null, cancellationToken);
            return;
        }

        await PublishAsync(Db, workflow, item, settings, cancellationToken);
        await audit.RecordSystemAsync(item.Status == ScheduledStatus.Done ? "schedule.published" : "schedule.failed", "schedule", item.Id, item.IncidentId, item.Outcome, null, cancellationToken);
    }

    /// <summary>Publishes the item's draft, recording the outcome on the item.</summary>
    public static async Task<WorkflowRefusal?> PublishAsync(DraftingDbContext db, DraftWorkflow workflow, ScheduledItem item, OrganisationSettings settings, CancellationToken cancellationToken)
    {
        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.Id == item.DraftId, cancellationToken);
        var refusal = draft is null
            ? new WorkflowRefusal(409, "draft-missing", "The scheduled draft no longer exists.", $"Schedule {item.Id} names draft {item.DraftId}.")
            : await workflow.PublishScheduledAsync(draft, settings, cancellationToken);
        item.Status = refusal is null ? ScheduledStatus.Done : ScheduledStatus.Failed;
        item.Outcome = refusal is null ? $"published as post {draft!.PostId}" : $"{refusal.Title} {refusal.Detail}";
        return refusal;
    }
}
