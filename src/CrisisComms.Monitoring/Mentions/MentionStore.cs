using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Volume;
using CrisisComms.Monitoring.Watches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Monitoring.Mentions;

/// <summary>A mention after storing: its id, and whether it had been stored before.</summary>
internal sealed record StoredMention(string NativeId, Guid MentionId, bool Duplicate);

internal sealed record StoreOutcome(IReadOnlyList<StoredMention> Mentions, IReadOnlyList<SourceRejection> Rejected, bool Refused)
{
    public int New => Mentions.Count(m => !m.Duplicate);

    public int Duplicates => Mentions.Count(m => m.Duplicate);
}

/// <summary>
/// Where every mention ends, whichever source heard it: each (channel, native id) is stored once and
/// announced once (<see cref="MentionReceived"/> through the outbox, in the same transaction), linked to
/// the watch and incident it matches, with its hashtags for the usage look-up. Redis is asked first
/// (claims) to spare the database; the database's unique key decides.
/// </summary>
internal sealed partial class MentionStore(
    MonitoringDbContext db,
    MentionDedupe dedupe,
    WatchCache watches,
    VolumeCounters volume,
    MonitoringMetrics metrics,
    TimeProvider time,
    ILogger<MentionStore> logger)
{
    private const int Attempts = 3;

    /// <summary>
    /// Stores what <paramref name="source"/> heard on <paramref name="channel"/>. <paramref name="alongside"/> runs in
    /// the same transaction (a poll's cursor moving, under its fencing token); when it answers false nothing
    /// is stored and the outcome is <see cref="StoreOutcome.Refused"/>. With <paramref name="claimFirst"/>, Redis
    /// claims are taken here (a webhook's mentions were claimed when captured).
    /// </summary>
    public async Task<StoreOutcome> StoreAsync(
        string source,
        string channel,
        IReadOnlyList<CapturedMention> heard,
        Func<CancellationToken, Task<bool>>? alongside,
        bool claimFirst,
        CancellationToken cancellationToken,
        string? searchedFor = null,
        IReadOnlyList<SourceRejection>? sourceRejected = null)
    {
        var now = time.GetUtcNow();
        var (valid, rejected) = MentionRules.Check(heard, now);
        if (sourceRejected is { Count: > 0 })
        {
            // What the source itself could not read is kept with the page it came in.
            rejected.InsertRange(0, sourceRejected);
        }

        LogRejections(source, rejected);
        var ids = valid.Select(v => v.NativeId).ToList();
        var claimed = claimFirst ? await dedupe.ClaimAsync(channel, ids, cancellationToken) : null;

        for (var attempt = 1; ; attempt++)
        {
            // Redis said "new" for what this call claimed; the database is asked about the rest — and about
            // everything on a retry, after the unique key showed Redis was wrong (it had lost its data).
            var ask = attempt == 1 && claimed is not null ? ids.Where(id => !claimed.Contains(id)).ToList() : ids;
            var known = await KnownAsync(channel, ask, cancellationToken);
            var fresh = valid.Where(v => !known.ContainsKey(v.NativeId)).ToList();
            try
            {
                var stored = await StoreFreshAsync(source, channel, fresh, alongside, rejected, now, searchedFor, cancellationToken);
                if (stored is null)
                {
                    await ReleaseAsync(channel, claimed);
                    return new StoreOutcome([], rejected, Refused: true);
                }

                var outcome = valid.Select(v => known.TryGetValue(v.NativeId, out var id)
                    ? new StoredMention(v.NativeId, id, Duplicate: true)
                    : new StoredMention(v.NativeId, stored[v.NativeId].Id, Duplicate: false)).ToList();
                await volume.CountAsync(stored.Values.Select(m => new CountedMention(source, channel, m.IncidentId, m.MatchedWatch, m.PostedAt, m.ReceivedAt)).ToList(), cancellationToken);
                metrics.Mentions(source, channel, "new", stored.Count);
                metrics.Mentions(source, channel, "duplicate", known.Count(k => ids.Contains(k.Key)));
                metrics.Rejected(source, rejected.Count);
                return new StoreOutcome(outcome, rejected, Refused: false);
            }
            catch (DbUpdateException e) when (attempt < Attempts)
            {
                // Another source, replica or delivery stored one of these first: look again.
                db.ChangeTracker.Clear();
                LogRaced(source, attempt, e.InnerException?.Message ?? e.Message);
            }
            catch
            {
                db.ChangeTracker.Clear();
                await ReleaseAsync(channel, claimed);
                throw;
            }
        }
    }

    private async Task<Dictionary<string, Mention>?> StoreFreshAsync(
        string source,
        string channel,
        List<CapturedMention> fresh,
        Func<CancellationToken, Task<bool>>? alongside,
        IReadOnlyList<SourceRejection> rejected,
        DateTimeOffset now,
        string? searchedFor,
        CancellationToken cancellationToken)
    {
        var active = fresh.Count > 0 ? await watches.ActiveAsync(db, cancellationToken) : [];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (alongside is not null && !await alongside(cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        var stored = new Dictionary<string, Mention>(StringComparer.Ordinal);
        foreach (var item in fresh)
        {
            var tags = item.Hashtags ?? MentionHashtags.Extract(item.Text);
            var watch = WatchMatching.Best(active, item.Text, tags, searchedFor);
            var mention = new Mention
            {
                Id = Guid.CreateVersion7(),
                Channel = channel,
                NativeId = item.NativeId,
                Author = item.Author,
                Text = item.Text,
                PostedAt = item.PostedAt,
                ReceivedAt = now,
                IncidentId = watch?.IncidentId,
                MatchedWatch = watch?.Term,
                Source = source,
                Kind = item.Kind,
                AuthorId = item.AuthorId,
                AuthorFollowers = item.AuthorFollowers,
                InReplyToNativeId = item.InReplyToNativeId,
                ConversationId = item.ConversationId,
                IsRepost = item.IsRepost,
                Url = item.Url,
                Language = item.Language,
            };
            db.Mentions.Add(mention);
            var authorKey = $"{channel}:{item.AuthorId ?? item.Author}".ToLowerInvariant();
            foreach (var tag in tags)
            {
                db.MentionTags.Add(new MentionTag { MentionId = mention.Id, Tag = tag, AuthorKey = authorKey.Length > 300 ? authorKey[..300] : authorKey, AuthorName = item.Author, PostedAt = item.PostedAt });
            }

            db.Outbox.Publish(new MentionReceived(
                mention.Id, channel, mention.NativeId, mention.Author, mention.Text, mention.PostedAt, mention.IncidentId, mention.MatchedWatch)
            {
                Source = source,
                Kind = mention.Kind,
                AuthorId = mention.AuthorId,
                AuthorFollowers = mention.AuthorFollowers,
                InReplyToNativeId = mention.InReplyToNativeId,
                ConversationId = mention.ConversationId,
                IsRepost = mention.IsRepost,
                Url = mention.Url,
                Language = mention.Language,
            });
            stored[mention.NativeId] = mention;
        }

        foreach (var rejection in rejected)
        {
            db.SourceRejections.Add(new SourceRejectionRecord { Source = source, NativeId = rejection.NativeId, Reason = rejection.Reason, Excerpt = rejection.Excerpt, At = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return stored;
    }

    /// <summary>Which of these native ids on <paramref name="channel"/> are stored, with their mention ids.</summary>
    public async Task<Dictionary<string, Guid>> KnownAsync(string channel, IReadOnlyCollection<string> nativeIds, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in nativeIds.Chunk(500))
        {
            var found = await db.Mentions.AsNoTracking()
                .Where(m => m.Channel == channel && chunk.Contains(m.NativeId))
                .Select(m => new { m.NativeId, m.Id })
                .ToListAsync(cancellationToken);
            foreach (var m in found)
            {
                known[m.NativeId] = m.Id;
            }
        }

        return known;
    }

    /// <summary>Keeps what a webhook delivery held that could not be used, for operators to see.</summary>
    public async Task RecordRejectionsAsync(string source, IReadOnlyList<SourceRejection> rejected, CancellationToken cancellationToken)
    {
        LogRejections(source, rejected);
        metrics.Rejected(source, rejected.Count);
        var now = time.GetUtcNow();
        foreach (var rejection in rejected)
        {
            db.SourceRejections.Add(new SourceRejectionRecord { Source = source, NativeId = rejection.NativeId, Reason = rejection.Reason, Excerpt = rejection.Excerpt, At = now });
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task ReleaseAsync(string channel, HashSet<string>? claimed)
    {
        if (claimed is { Count: > 0 })
        {
            await dedupe.ReleaseAsync(channel, claimed);
        }
    }

    private void LogRejections(string source, IReadOnlyList<SourceRejection> rejected)
    {
        foreach (var r in rejected)
        {
            LogRejected(source, r.NativeId, r.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: skipped item {NativeId}: {Reason}")]
    private partial void LogRejected(string source, string? nativeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: another writer stored some of these first (attempt {Attempt}: {Error}); looking again")]
    private partial void LogRaced(string source, int attempt, string error);
}
