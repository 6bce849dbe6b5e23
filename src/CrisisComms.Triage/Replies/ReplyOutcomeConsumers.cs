using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Messaging;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Queue;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Triage.Replies;

/// <summary>A reply went out: shown on the item, and a waiting item is resolved as replied (a label for the next model).</summary>
internal sealed class ReplySentConsumer(TriageDbContext db, TimeProvider time) : IdempotentConsumer<TriageDbContext, ReplySent>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ReplySent> context)
    {
        var m = context.Message;
        var reply = await Db.Replies.FirstOrDefaultAsync(r => r.Id == m.ReplyId, context.CancellationToken);
        var item = await Db.Items.FirstOrDefaultAsync(i => i.Id == m.ItemId, context.CancellationToken);
        if (reply is null || item is null)
        {
            // Not one of ours (or from before this database): nothing to show it on.
            return;
        }

        var now = time.GetUtcNow();
        reply.Status = ReplyRowStatus.Sent;
        reply.CompletedAt = m.SentAt;
        reply.Url = m.Url;
        reply.Error = null;
        await ReplyStatus.RefreshAsync(Db, item, context.CancellationToken);
        if (item.Status is ItemStatus.Open or ItemStatus.Snoozed or ItemStatus.Filed)
        {
            item.Status = ItemStatus.Resolved;
            item.Outcome = "replied";
            item.ResolvedAt = now;
            item.ResolvedBy = reply.RequestedBy;
            item.ClaimedBy = null;
            item.ClaimExpiresAt = null;
            item.SnoozedUntil = null;
            QueueActions.RecordLabel(item, "replied", null, null, reply.RequestedBy, now, Db);
        }

        item.Version++;
        ItemPicture.Announce(Db, item, now);
    }
}

/// <summary>A reply could not be sent: the officer sees the channel's own words, and the item stays in the queue.</summary>
internal sealed class ReplyFailedConsumer(TriageDbContext db, TimeProvider time) : IdempotentConsumer<TriageDbContext, ReplyFailed>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ReplyFailed> context)
    {
        var m = context.Message;
        var reply = await Db.Replies.FirstOrDefaultAsync(r => r.Id == m.ReplyId, context.CancellationToken);
        var item = await Db.Items.FirstOrDefaultAsync(i => i.Id == m.ItemId, context.CancellationToken);
        if (reply is null || item is null)
        {
            return;
        }

        reply.Status = ReplyRowStatus.Failed;
        reply.CompletedAt = m.FailedAt;
        reply.Error = ItemPicture.Clean(m.Reason, 2000);
        var mention = await Db.Mentions.FirstOrDefaultAsync(x => x.MentionId == reply.MentionId, context.CancellationToken);
        if (mention is not null && mention.ReplyId == reply.Id)
        {
            // Free to be answered again.
            mention.ReplyId = null;
        }

        await ReplyStatus.RefreshAsync(Db, item, context.CancellationToken);
        item.Version++;
        ItemPicture.Announce(Db, item, time.GetUtcNow());
    }
}

/// <summary>On-call acknowledged a page about one of our items (SLA breach, life-safety): shown on the item.</summary>
internal sealed class PageAcknowledgedConsumer(TriageDbContext db, TimeProvider time) : IdempotentConsumer<TriageDbContext, PageAcknowledged>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PageAcknowledged> context)
    {
        var m = context.Message;
        var item = await Db.Items.FirstOrDefaultAsync(i => i.Id == m.SubjectId, context.CancellationToken);
        if (item is null || (item.AcknowledgedAt is { } earlier && earlier <= m.AcknowledgedAt))
        {
            // Pages about other things (approvals), or a later acknowledgement of one already shown.
            return;
        }

        item.AcknowledgedBy = ItemPicture.Clean(m.AcknowledgedBy, 200);
        item.AcknowledgedAt = m.AcknowledgedAt;
        item.AcknowledgedVia = ItemPicture.Clean(m.Via, 60);
        item.Version++;
        ItemPicture.Announce(Db, item, time.GetUtcNow());
    }
}

internal static class ReplyStatus
{
    /// <summary>
    /// The item's reply line from the latest reply to each of its mentions: a failure shows (with the
    /// channel's words) until that mention is answered again.
    /// </summary>
    public static async Task RefreshAsync(TriageDbContext db, TriageItem item, CancellationToken cancellationToken)
    {
        // Tracked rows come back as tracked (with this unit of work's changes).
        var all = await db.Replies.Where(r => r.ItemId == item.Id).ToListAsync(cancellationToken);
        var replies = all.GroupBy(r => r.MentionId).Select(g => g.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id).Last()).ToList();
        var sent = replies.Count(r => r.Status == ReplyRowStatus.Sent);
        var failed = replies.Where(r => r.Status == ReplyRowStatus.Failed).ToList();
        var pending = replies.Count(r => r.Status == ReplyRowStatus.Requested);
        (item.ReplyStatus, item.ReplyDetail) = (sent, failed.Count, pending) switch
        {
            (_, > 0, _) => (ReplyState.Failed, $"{failed.Count} failed: {failed[^1].Error}" + (sent > 0 ? $"; {sent} sent" : string.Empty)),
            (_, _, > 0) => (ReplyState.Pending, $"{pending} sending" + (sent > 0 ? $", {sent} sent" : string.Empty)),
            (> 0, _, _) => (ReplyState.Sent, sent == 1 ? replies.First(r => r.Status == ReplyRowStatus.Sent).Url ?? "sent" : $"{sent} sent"),
            _ => (ReplyState.None, null),
        };
        if (item.ReplyDetail is { Length: > 2000 })
        {
            item.ReplyDetail = item.ReplyDetail[..2000];
        }
    }
}
