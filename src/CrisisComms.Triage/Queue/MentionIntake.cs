using System.Buffers.Binary;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Messaging;
using CrisisComms.Triage.Clustering;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Scoring;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage.Queue;

/// <summary>
/// Every mention is judged and kept: it starts a queue item, or joins the near-duplicate cluster it
/// belongs to (retweets, copy-paste, the same question). What needs a human is queued with a deadline
/// (watched by <see cref="QueueSweeper"/>); someone in danger pages on-call at once.
/// </summary>
/// <remarks>
/// Mentions arrive in batches (docs/adr/0013): a batch is judged in memory and written in one
/// transaction — inbox by message id, items, mentions and outbox together — with one lookup each for
/// handled messages, stored mentions, cluster candidates and growth counts, instead of a transaction
/// of round trips per mention. Within a batch a later mention joins an item an earlier one started.
/// One batch at a time per replica; across replicas, each incident's clusters are written under a
/// transaction-scoped advisory lock, so two copies never start two clusters.
/// </remarks>
internal sealed class MentionReceivedConsumer(TriageDbContext db, TriageScorer scorer, IOptions<TriageOptions> options, TriageMetrics metrics, TimeProvider time)
    : IConsumer<Batch<MentionReceived>>
{
    private const string SimilarMarker = " similar in ";

    /// <summary>The most recent items with a shared band that one mention is compared with.</summary>
    private const int CandidatesPerMention = 50;

    /// <summary>Advisory lock namespace of triage's clusters ("TriClust"), mixed with the incident id.</summary>
    private const long ClusterLock = 0x5472_6943_6C75_7374;

    public Task Consume(ConsumeContext<Batch<MentionReceived>> context)
    {
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        foreach (var message in context.Message)
        {
            if (message.SentTime is { } sent)
            {
                metrics.Lag(now - new DateTimeOffset(sent, TimeSpan.Zero));
            }
        }

        var handled = Inbox.HandleBatchOnceAsync(db, context, nameof(MentionReceivedConsumer), fresh => IntakeAsync([.. fresh.Select(c => c.Message)], context.CancellationToken));
        return MeasuredAsync(handled, context.Message.Length, started);
    }

    private async Task MeasuredAsync(Task handled, int mentions, long started)
    {
        await handled;
        metrics.Batch(mentions, time.GetElapsedTime(started));
    }

    private async Task IntakeAsync(IReadOnlyList<MentionReceived> received, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await LockClustersAsync(received.Select(m => m.IncidentId), cancellationToken);
        // Stamped once the locks are held, close to the commit that makes the batch visible.
        var now = time.GetUtcNow();

        // The same mention under another message id (a monitoring replay) is kept once.
        var ids = received.Select(m => m.MentionId).Distinct().ToList();
        var stored = (await db.Mentions.Where(x => ids.Contains(x.MentionId)).Select(x => x.MentionId).ToListAsync(cancellationToken)).ToHashSet();
        var mentions = new List<Judged>(received.Count);
        foreach (var m in received)
        {
            if (stored.Add(m.MentionId))
            {
                var text = ItemPicture.Clean(m.Text, TriageDbContext.MaxText);
                var judgement = scorer.Judge(new MentionFacts(text, m.Kind ?? "Post", m.IncidentId is not null, m.AuthorFollowers, m.IsRepost, m.Source));
                mentions.Add(new Judged(m, text, judgement, Fingerprint.Of(text)));
            }
        }

        if (mentions.Count == 0)
        {
            return;
        }

        var pool = await CandidatesAsync(mentions, now, settings, cancellationToken);
        var recent = await RecentCountsAsync(pool, mentions, now, settings, cancellationToken);
        var touched = new List<TriageItem>();
        foreach (var judged in mentions)
        {
            var (m, text, judgement, fingerprint) = judged;
            var item = fingerprint.TooShort ? null : FindCluster(pool, judged, now, settings);
            if (item is null)
            {
                item = NewItem(m, text, judgement, fingerprint, now);
                db.Items.Add(item);
                recent[item.Id] = 1;
                if (item.Clusterable)
                {
                    pool.Add(item);
                }

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
                Join(item, judgement, m, recent, now, settings);
            }

            if (!touched.Contains(item))
            {
                touched.Add(item);
            }

            db.Mentions.Add(new TriageMention
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
        }

        // One picture per item per batch, as it stands after all of the batch's mentions.
        foreach (var item in touched)
        {
            ItemPicture.Announce(db, item, now);
        }
    }

    /// <summary>
    /// Serialises cluster writes per incident across replicas: lock keys taken in one order (no
    /// deadlock), released at commit or rollback. Embedded there is one process and one batch at a time.
    /// </summary>
    private async Task LockClustersAsync(IEnumerable<Guid?> incidents, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var keys = incidents.Distinct().Select(LockKey).Distinct().ToArray();
        // PostgreSQL evaluates a volatile output after ORDER BY: the keys are locked in ascending order, in one round trip.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(k) FROM unnest({keys}) AS k ORDER BY k", cancellationToken);
    }

    private static long LockKey(Guid? incident)
    {
        var bytes = (incident ?? Guid.Empty).ToByteArray();
        return ClusterLock ^ BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(0, 8)) ^ BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
    }

    /// <summary>Every recent clusterable item of the batch's incidents sharing a band with one of its mentions, in one query.</summary>
    private async Task<List<TriageItem>> CandidatesAsync(List<Judged> mentions, DateTimeOffset now, TriageOptions settings, CancellationToken cancellationToken)
    {
        var clusterable = mentions.Where(j => !j.Fingerprint.TooShort).ToList();
        if (clusterable.Count == 0)
        {
            return [];
        }

        var since = now - settings.ClusterWindow;
        var incidents = clusterable.Where(j => j.Mention.IncidentId is not null).Select(j => j.Mention.IncidentId!.Value).Distinct().ToList();
        var withoutIncident = clusterable.Any(j => j.Mention.IncidentId is null);
        List<int> b0 = Bands(clusterable, 0), b1 = Bands(clusterable, 1), b2 = Bands(clusterable, 2), b3 = Bands(clusterable, 3);
        var query = db.Items.Where(i => i.Clusterable && i.LastSeenAt >= since);
        query = incidents.Count == 0 ? query.Where(i => i.IncidentId == null)
            : withoutIncident ? query.Where(i => i.IncidentId == null || incidents.Contains(i.IncidentId.Value))
            : query.Where(i => i.IncidentId != null && incidents.Contains(i.IncidentId.Value));
        return await query
            .Where(i => b0.Contains(i.Band0) || b1.Contains(i.Band1) || b2.Contains(i.Band2) || b3.Contains(i.Band3))
            .OrderByDescending(i => i.LastSeenAt)
            .Take(CandidatesPerMention * clusterable.Count)
            .ToListAsync(cancellationToken);

        static List<int> Bands(List<Judged> mentions, int band) => [.. mentions.Select(j => j.Fingerprint.Band(band)).Distinct()];
    }

    /// <summary>Mentions in the growth window of each stored item a mention of the batch is close enough to join.</summary>
    private async Task<Dictionary<Guid, int>> RecentCountsAsync(List<TriageItem> pool, List<Judged> mentions, DateTimeOffset now, TriageOptions settings, CancellationToken cancellationToken)
    {
        var joinable = pool
            .Where(i => mentions.Exists(j => !j.Fingerprint.TooShort && j.Mention.IncidentId == i.IncidentId && j.Fingerprint.Distance(i.Fingerprint) <= settings.ClusterDistance))
            .Select(i => i.Id)
            .ToList();
        if (joinable.Count == 0)
        {
            return new Dictionary<Guid, int>();
        }

        var windowStart = now - settings.GrowthWindow;
        return await db.Mentions
            .Where(x => joinable.Contains(x.ItemId) && x.ReceivedAt >= windowStart)
            .GroupBy(x => x.ItemId)
            .Select(g => new { ItemId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.ItemId, g => g.Count, cancellationToken);
    }

    private static TriageItem? FindCluster(List<TriageItem> pool, Judged judged, DateTimeOffset now, TriageOptions settings)
    {
        var since = now - settings.ClusterWindow;
        var (m, _, judgement, fingerprint) = judged;
        var candidates = pool
            .Where(i => i.IncidentId == m.IncidentId && i.LastSeenAt >= since
                && (i.Band0 == fingerprint.Band(0) || i.Band1 == fingerprint.Band(1) || i.Band2 == fingerprint.Band(2) || i.Band3 == fingerprint.Band(3)))
            .OrderByDescending(i => i.LastSeenAt)
            .Take(CandidatesPerMention);

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

    private void Join(TriageItem item, Judgement judgement, MentionReceived m, Dictionary<Guid, int> recent, DateTimeOffset now, TriageOptions settings)
    {
        // An officer's action on the item at the same moment: the save fails on the version and the batch is retried, never lost.
        item.Version++;
        item.ClusterSize++;
        item.RecentCount = recent.GetValueOrDefault(item.Id) + 1;
        recent[item.Id] = item.RecentCount;
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
        db.Outbox.Publish(new ResponseNeeded(item.Id, item.MentionId, item.IncidentId, item.Priority.ToString(), item.Deadline.Value, item.ReasonList));
    }

    private void PageNow(TriageItem item, MentionReceived m, DateTimeOffset now) =>
        db.Outbox.Publish(new LifeSafetyDetected(item.Id, m.MentionId, item.IncidentId, item.Channel, ItemPicture.Summary(ItemPicture.Clean(m.Text, TriageDbContext.MaxText)), item.ReasonList, now));

    private static string Trim(string? value, int max) =>
        value is null ? string.Empty : ItemPicture.Clean(value, max);

    private sealed record Judged(MentionReceived Mention, string Text, Judgement Judgement, Fingerprint Fingerprint);
}

/// <summary>
/// Batches of up to <see cref="TriageOptions.IntakeBatchSize"/> mentions, one batch at a time per replica;
/// the endpoint lets two batches' worth of messages in, so the next batch gathers while one is written.
/// </summary>
internal sealed class MentionReceivedConsumerDefinition : ConsumerDefinition<MentionReceivedConsumer>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<MentionReceivedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var settings = context.GetRequiredService<IOptions<TriageOptions>>().Value;
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(settings.IntakeBatchSize)
            .SetTimeLimit(settings.IntakeBatchWait)
            .SetTimeLimitStart(BatchTimeLimitStart.FromFirst)
            .SetConcurrencyLimit(1));
        endpointConfigurator.ConcurrentMessageLimit = 2 * settings.IntakeBatchSize;
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.PrefetchCount = 2 * settings.IntakeBatchSize;
        }
    }
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
