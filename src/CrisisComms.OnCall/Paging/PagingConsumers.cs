using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Paging;

/// <summary>A triage item waited past its deadline: page whoever is on duty (one page per item).</summary>
internal sealed class SlaBreachedConsumer(OnCallDbContext db, IOptions<OnCallOptions> options, TimeProvider time)
    : IdempotentConsumer<OnCallDbContext, SlaBreached>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SlaBreached> context)
    {
        var m = context.Message;
        if (await Db.Pages.AnyAsync(p => p.SubjectId == m.ItemId && p.Reason == "sla-breached", context.CancellationToken))
        {
            return;
        }

        var page = new Page
        {
            Id = Guid.CreateVersion7(),
            Reason = "sla-breached",
            SubjectId = m.ItemId,
            IncidentId = m.IncidentId,
            Recipient = options.Value.FallbackRecipient,
            Summary = $"{m.Priority} triage item waiting since its deadline {m.Deadline:HH:mm} UTC",
            SentAt = time.GetUtcNow(),
        };
        Db.Pages.Add(page);
        Db.Outbox.Publish(new PageSent(page.Id, page.Reason, page.SubjectId, page.IncidentId, page.Recipient, page.SentAt));
    }
}

/// <summary>A draft waited for approval longer than policy allows: page whoever is on duty (once per submission).</summary>
internal sealed class ApprovalStalledConsumer(OnCallDbContext db, IOptions<OnCallOptions> options, TimeProvider time)
    : IdempotentConsumer<OnCallDbContext, ApprovalStalled>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ApprovalStalled> context)
    {
        var m = context.Message;
        if (await Db.Pages.AnyAsync(p => p.SubjectId == m.DraftId && p.Reason == "approval-stalled" && p.SentAt >= m.SubmittedAt, context.CancellationToken))
        {
            return;
        }

        var page = new Page
        {
            Id = Guid.CreateVersion7(),
            Reason = "approval-stalled",
            SubjectId = m.DraftId,
            IncidentId = m.IncidentId,
            Recipient = options.Value.FallbackRecipient,
            Summary = $"Draft \"{m.Headline}\" by {m.Author} has waited for approval since {m.SubmittedAt:HH:mm} UTC (limit {m.Limit.TotalMinutes:F0} min)",
            SentAt = time.GetUtcNow(),
        };
        Db.Pages.Add(page);
        Db.Outbox.Publish(new PageSent(page.Id, page.Reason, page.SubjectId, page.IncidentId, page.Recipient, page.SentAt));
    }
}

/// <summary>A channel was paused (its kill switch tripped, or by hand): page whoever is on duty, once per pause.</summary>
internal sealed class ChannelPausedConsumer(OnCallDbContext db, IOptions<OnCallOptions> options, TimeProvider time)
    : IdempotentConsumer<OnCallDbContext, ChannelPaused>(db)
{
    protected override Task HandleAsync(ConsumeContext<ChannelPaused> context)
    {
        var m = context.Message;
        var page = new Page
        {
            Id = Guid.CreateVersion7(),
            Reason = "channel-paused",
            SubjectId = Guid.Empty,
            IncidentId = null,
            Recipient = options.Value.FallbackRecipient,
            Summary = $"{m.Channel} paused{(m.Automatic ? " by its kill switch" : string.Empty)}: {m.Reason}",
            SentAt = time.GetUtcNow(),
        };
        Db.Pages.Add(page);
        Db.Outbox.Publish(new PageSent(page.Id, page.Reason, page.SubjectId, page.IncidentId, page.Recipient, page.SentAt));
        return Task.CompletedTask;
    }
}
