using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Messaging;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Scoring;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage.Queue;

/// <summary>Judges each mention; what needs a response is queued with a deadline whose check is scheduled.</summary>
internal sealed class MentionReceivedConsumer(TriageDbContext db, IOptions<TriageOptions> options, TimeProvider time)
    : IdempotentConsumer<TriageDbContext, MentionReceived>(db)
{
    protected override async Task HandleAsync(ConsumeContext<MentionReceived> context)
    {
        var m = context.Message;
        if (await Db.Items.AnyAsync(i => i.MentionId == m.MentionId, context.CancellationToken))
        {
            return;
        }

        var judgement = new TriageScorer(null).Judge(new MentionFacts(m.Text, MatchedIncident: m.MatchedWatch is not null));
        var now = time.GetUtcNow();
        var item = new TriageItem
        {
            Id = Guid.CreateVersion7(),
            MentionId = m.MentionId,
            IncidentId = m.IncidentId,
            Channel = m.Channel,
            Author = m.Author,
            Text = m.Text,
            Verdict = judgement.Verdict,
            Priority = judgement.Priority,
            Reasons = string.Join('\n', judgement.Reasons),
            Status = judgement.Verdict == Verdict.NeedsResponse ? ItemStatus.Open : ItemStatus.Resolved,
            CreatedAt = now,
        };

        if (judgement.Verdict == Verdict.NeedsResponse)
        {
            item.Deadline = now + options.Value.DeadlineFor(judgement.Priority);
            Db.Outbox.Publish(new ResponseNeeded(item.Id, m.MentionId, m.IncidentId, item.Priority.ToString(), item.Deadline.Value, judgement.Reasons));
            Db.Outbox.Schedule(new CheckResponseDeadline(item.Id), item.Deadline.Value, key: $"triage-deadline-{item.Id:N}");
        }
        else
        {
            item.Outcome = "no action";
            item.ResolvedAt = now;
        }

        Db.Items.Add(item);
    }
}

/// <summary>At an item's deadline: still waiting means the SLA is breached, and on-call is told.</summary>
internal sealed class CheckResponseDeadlineConsumer(TriageDbContext db, TimeProvider time)
    : IdempotentConsumer<TriageDbContext, CheckResponseDeadline>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CheckResponseDeadline> context)
    {
        var item = await Db.Items.FirstOrDefaultAsync(i => i.Id == context.Message.ItemId, context.CancellationToken);
        if (item is not { Status: ItemStatus.Open, BreachedAt: null, Deadline: { } deadline })
        {
            return;
        }

        var now = time.GetUtcNow();
        if (now < deadline)
        {
            // The deadline moved later (snoozed, re-prioritised): check again then.
            Db.Outbox.Schedule(new CheckResponseDeadline(item.Id), deadline, key: $"triage-deadline-{item.Id:N}");
            return;
        }

        item.BreachedAt = now;
        Db.Outbox.Publish(new SlaBreached(item.Id, item.IncidentId, item.Priority.ToString(), deadline, now));
    }
}
