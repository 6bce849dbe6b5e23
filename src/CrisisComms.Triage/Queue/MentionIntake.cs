using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Messaging;
using CrisisComms.Triage.Clustering;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Scoring;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage.Queue;

/// <summary>
/// Every mention is judged and kept: it starts a queue item, or joins the near-duplicate cluster it
/// belongs to (retweets, copy-paste, the same question). What needs a human is queued with a deadline
/// (watched by <see cref="QueueSweeper"/>); someone in danger pages on-call at once.
/// </summary>
internal sealed class MentionReceivedConsumer(TriageDbContext db, TriageScorer scorer, IOptions<TriageOptions> options, TimeProvider time)
    : IdempotentConsumer<TriageDbContext, MentionReceived>(db)
{
    private const string SimilarMarker = " similar in ";

    protected override async Task HandleAsync(ConsumeContext<MentionReceived> context)
    {
        var m = context.Message;
        var cancellationToken = context.CancellationToken;
        if (await Db.Mentions.AnyAsync(x => x.MentionId == m.MentionId, cancellationToken))
        {
            return;
        }

        var settings = options.Value;
        var text = ItemPicture.Clean(m.Text, TriageDbContext.MaxText);
        var judgement = scorer.Judge(new MentionFacts(text, m.Kind ?? "Post", m.IncidentId is not null, m.AuthorFollowers, m.IsRepost, m.Source));
        var fingerprint = Fingerprint.Of(text);
        var now = time.GetUtcNow();

        var item = fingerprint.TooShort ? null : await FindClusterAsync(m.IncidentId, fingerprint, judgement, now, cancellationToken);
        if (item is null)
        {
            item = NewItem(m, text, judgement, fingerprint, now);
            Db.Items.Add(item);
            if (judgement.Queued)
            {
                Queue(item, now, settings);
            }

            if (judgement.LifeSafety)
            {
                PageNow(item, m, now);
            }
        }
        else
        {
            await JoinAsync(item, judgement, m, now, settings, cancellationToken);
        }

        Db.Mentions.Add(new TriageMention
        {
            MentionId = m.MentionId,
            ItemId = item.Id,
            Channel = Trim(m.Channel, 40),
            NativeId = Trim(m.NativeId, 200),
            Author = Trim(m.Author, 200),
            AuthorId = m.AuthorId is null ? null : Trim(m.AuthorId, 200),
            Text = text,
            PostedAt = m.PostedAt,
            ReceivedAt = now,
            Kind = Trim(m.Kind ?? "Post", 40),
            Source = m.Source is null ? null : Trim(m.Source, 60),
            AuthorFollowers = m.AuthorFollowers,
            IsRepost = m.IsRepost,
            InReplyToNativeId = m.InReplyToNativeId is null ? null : Trim(m.InReplyToNativeId, 200),
            ConversationId = m.ConversationId is null ? null : Trim(m.ConversationId, 200),
            Url = m.Url is null ? null : Trim(m.Url, 2000),
            Language = m.Language is null ? null : Trim(m.Language, 20),
            Verdict = judgement.Verdict,
            Priority = judgement.Priority,
        });
        ItemPicture.Announce(Db, item, now);
    }

    private async Task<TriageItem?> FindClusterAsync(Guid? incidentId, Fingerprint fingerprint, Judgement judgement, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var since = now - settings.ClusterWindow;
        int b0 = fingerprint.Band(0), b1 = fingerprint.Band(1), b2 = fingerprint.Band(2), b3 = fingerprint.Band(3);
        var candidates = await Db.Items
            .Where(i => i.IncidentId == incidentId && i.Clusterable && i.LastSeenAt >= since
                && (i.Band0 == b0 || i.Band1 == b1 || i.Band2 == b2 || i.Band3 == b3))
            .OrderByDescending(i => i.LastSeenAt)
            .Take(50)
            .ToListAsync(cancellationToken);

        // Someone in danger is merged only into a live item of (almost) the very same words: two
        // people trapped on the same street are two people.
        var maxDistance = judgement.LifeSafety ? Math.Min(1, settings.ClusterDistance) : settings.ClusterDistance;
        return candidates
            .Where(c => c.Status != ItemStatus.Resolved || (!judgement.LifeSafety && judgement.Verdict != Verdict.NeedsResponse))
            .Select(c => (item: c, distance: fingerprint.Distance(c.Fingerprint)))
            .Where(c => c.distance <= maxDistance)
            .OrderBy(c => c.distance)
            .ThenByDescending(c => c.item.LastSeenAt)
            .Select(c => c.item)
            .FirstOrDefault();
    }

    private static TriageItem NewItem(MentionReceived m, string text, Judgement judgement, Fingerprint fingerprint, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        MentionId = m.MentionId,
        IncidentId = m.IncidentId,
        Channel = Trim(m.Channel, 40),
        Author = Trim(m.Author, 200),
        Text = text,
        Verdict = judgement.Verdict,
        Priority = judgement.Priority,
        Reasons = string.Join('\n', judgement.Reasons),
        LifeSafety = judgement.LifeSafety,
        Rumour = judgement.Rumour,
        Score = judgement.Score,
        Status = ItemStatus.Filed,
        CreatedAt = now,
        UpdatedAt = now,
        LastSeenAt = now,
        Fingerprint = fingerprint.Value,
        Band0 = fingerprint.Band(0),
        Band1 = fingerprint.Band(1),
        Band2 = fingerprint.Band(2),
        Band3 = fingerprint.Band(3),
        Clusterable = !fingerprint.TooShort,
    };

    private async Task JoinAsync(TriageItem item, Judgement judgement, MentionReceived m, DateTimeOffset now, TriageOptions settings, CancellationToken cancellationToken)
    {
        var windowStart = now - settings.GrowthWindow;
        var recent = await Db.Mentions.CountAsync(x => x.ItemId == item.Id && x.ReceivedAt >= windowStart, cancellationToken);
        // Two copies joining at once: the second save fails on the version and is retried, never lost.
        item.Version++;
        item.ClusterSize++;
        item.RecentCount = recent + 1;
        item.LastSeenAt = now;

        var reasons = item.ReasonList.Where(r => !r.Contains(SimilarMarker, StringComparison.Ordinal)).ToList();
        foreach (var reason in judgement.Reasons)
        {
            // A new voice's reasons (author reach, danger words) count for the cluster; a repeat's "repost" does not.
            if (!reasons.Contains(reason) && !reason.StartsWith("repost", StringComparison.Ordinal) && !reason.StartsWith("reads like", StringComparison.Ordinal) && !reason.StartsWith("no question", StringComparison.Ordinal) && !reason.StartsWith("nothing about", StringComparison.Ordinal))
            {
                reasons.Add(reason);
            }
        }

        var verdict = (Verdict)Math.Min((int)item.Verdict, (int)judgement.Verdict);
        var priority = (Priority)Math.Min((int)item.Priority, (int)judgement.Priority);
        item.Rumour |= judgement.Rumour;
        if (item.RecentCount >= settings.SurgeSize)
        {
            var minutes = (int)Math.Round(settings.GrowthWindow.TotalMinutes);
            var rumour = reasons.FirstOrDefault(r => r.StartsWith("rumour: ", StringComparison.Ordinal));
            reasons.Add(rumour is null ? $"{item.RecentCount}{SimilarMarker}{minutes} min" : $"{rumour}, {item.RecentCount}{SimilarMarker}{minutes} min");
            if (rumour is not null)
            {
                reasons.Remove(rumour);
            }

            priority = (Priority)Math.Min((int)priority, (int)Priority.High);
            if (item.Rumour)
            {
                // A spreading rumour needs answering even when no one asks.
                verdict = Verdict.NeedsResponse;
            }
        }

        var becameLifeSafety = judgement.LifeSafety && !item.LifeSafety;
        item.LifeSafety |= judgement.LifeSafety;
        item.Reasons = string.Join('\n', reasons.Take(12));
        var raised = priority < item.Priority || verdict < item.Verdict;
        item.Verdict = verdict;
        item.Priority = priority;

        if (item.Status == ItemStatus.Filed && (verdict == Verdict.NeedsResponse || priority == Priority.Critical))
        {
            Queue(item, now, settings);
        }
        else if (raised && item.Status is ItemStatus.Open or ItemStatus.Snoozed)
        {
            // Raised while waiting: the deadline can only come sooner.
            var sooner = now + settings.DeadlineFor(priority);
            if (item.Deadline is null || sooner < item.Deadline)
            {
                item.Deadline = sooner;
            }

            if (priority == Priority.Critical && item.Status == ItemStatus.Snoozed)
            {
                item.Status = ItemStatus.Open;
                item.SnoozedUntil = null;
            }
        }

        if (becameLifeSafety)
        {
            PageNow(item, m, now);
        }
    }

    private void Queue(TriageItem item, DateTimeOffset now, TriageOptions settings)
    {
        item.Status = ItemStatus.Open;
        item.Deadline = now + settings.DeadlineFor(item.Priority);
        // The deadline is watched by the queue's sweeper (QueueSweeper), not a job per item.
        Db.Outbox.Publish(new ResponseNeeded(item.Id, item.MentionId, item.IncidentId, item.Priority.ToString(), item.Deadline.Value, item.ReasonList));
    }

    private void PageNow(TriageItem item, MentionReceived m, DateTimeOffset now) =>
        Db.Outbox.Publish(new LifeSafetyDetected(item.Id, m.MentionId, item.IncidentId, item.Channel, ItemPicture.Summary(ItemPicture.Clean(m.Text, TriageDbContext.MaxText)), item.ReasonList, now));

    private static string Trim(string? value, int max) =>
        value is null ? string.Empty : ItemPicture.Clean(value, max);
}

/// <summary>
/// A deadline check asked for by message (scheduled before the sweeper took over, or by an operator):
/// still waiting past the deadline means the SLA is breached, and on-call is told — once, whichever of
/// this and the sweeper gets there first.
/// </summary>
internal sealed class CheckResponseDeadlineConsumer(TriageDbContext db, TimeProvider time)
    : IdempotentConsumer<TriageDbContext, CheckResponseDeadline>(db)
{
    protected override async Task HandleAsync(ConsumeContext<CheckResponseDeadline> context)
    {
        var item = await Db.Items.FirstOrDefaultAsync(i => i.Id == context.Message.ItemId, context.CancellationToken);
        if (item is not { Status: ItemStatus.Open or ItemStatus.Snoozed, BreachedAt: null, Deadline: { } deadline })
        {
            return;
        }

        var now = time.GetUtcNow();
        if (now < deadline)
        {
            // Not yet (or snoozed later): the sweeper watches it.
            return;
        }

        item.BreachedAt = now;
        item.Version++;
        Db.Outbox.Publish(new SlaBreached(item.Id, item.IncidentId, item.Priority.ToString(), deadline, now));
        ItemPicture.Announce(Db, item, now);
    }
}
