using CrisisComms.Contracts.Drafting;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Drafts;

/// <summary>At the approval limit: if this submission still waits, it has stalled, and on-call is told.</summary>
internal sealed class ApprovalWaitingConsumer(DraftingDbContext db, AuditTrail audit, IOptions<DraftingOptions> defaults, TimeProvider time)
    : IdempotentConsumer<DraftingDbContext, CheckApprovalWaiting>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CheckApprovalWaiting> context)
    {
        var m = context.Message;
        var draft = await Db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.Id == m.DraftId, context.CancellationToken);
        if (draft is not { Status: DraftStatus.AwaitingApproval, SubmittedAt: { } submitted } || draft.Version != m.Version)
        {
            return;
        }

        var settings = await SettingsStore.GetAsync(Db, defaults, context.CancellationToken);
        var now = time.GetUtcNow();
        Db.Outbox.Publish(new ApprovalStalled(draft.Id, draft.IncidentId, draft.Headline, draft.CreatedByName, submitted, settings.ApprovalStallLimit, now));
        await audit.RecordSystemAsync("draft.approval-stalled", "draft", draft.Id, draft.IncidentId, $"waiting since {submitted:u}", new { draft.Version, limit = settings.ApprovalStallLimit }, context.CancellationToken);
    }
}
