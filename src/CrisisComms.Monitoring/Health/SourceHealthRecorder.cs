using System.Collections.Concurrent;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Volume;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Health;

/// <summary>
/// Writes what happened to a source (a poll worked, failed, was paced; a delivery arrived) in single
/// statements — replicas never lose each other's updates — and announces changes: a state change as
/// <see cref="SourceHealthReported"/>, a stale source working again as <see cref="SourceRecovered"/> (once,
/// by compare-and-set), both through the outbox.
/// </summary>
internal sealed class SourceHealthRecorder(MonitoringDbContext db, VolumeCounters volume, TimeProvider time)
{
    private static readonly ConcurrentDictionary<string, DateTimeOffset> LastDeliveryWrite = new(StringComparer.Ordinal);

    /// <summary>Creates the source's row on first sight, or marks it active again.</summary>
    public async Task<SourceState> EnsureAsync(SourceDefinition definition, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var state = await db.SourceStates.AsNoTracking().FirstOrDefaultAsync(s => s.Key == definition.Key, cancellationToken);
            if (state is not null)
            {
                if (!state.Active)
                {
                    await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
                        .SetProperty(x => x.Active, true).SetProperty(x => x.ActiveSince, now).SetProperty(x => x.UpdatedAt, now), cancellationToken);
                    state.Active = true;
                    state.ActiveSince = now;
                }

                return state;
            }

            state = new SourceState
            {
                Key = definition.Key,
                Type = definition.Type,
                Channel = definition.Channel,
                Account = definition.Account,
                ActiveSince = now,
                UpdatedAt = now,
            };
            db.SourceStates.Add(state);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                db.Entry(state).State = EntityState.Detached;
                return state;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another replica made it at the same moment.
                db.ChangeTracker.Clear();
            }
        }
    }

    public async Task SucceededAsync(SourceDefinition definition, int newItems, DateTimeOffset? newest, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = now + definition.Interval;
        await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastPollAt, now)
            .SetProperty(x => x.LastSuccessAt, now)
            .SetProperty(x => x.ConsecutiveFailures, 0)
            .SetProperty(x => x.BackoffUntil, (DateTimeOffset?)null)
            .SetProperty(x => x.NextPollAt, next)
            .SetProperty(x => x.ItemsTotal, x => x.ItemsTotal + newItems)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (newest is { } at)
        {
            await db.SourceStates.Where(s => s.Key == definition.Key && (s.LastItemAt == null || s.LastItemAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastItemAt, at), cancellationToken);
        }

        await AnnounceAsync(definition, now, cancellationToken);
    }

    /// <summary>A webhook delivery was accepted: the source is alive (written at most every few seconds per replica).</summary>
    public async Task DeliveredAsync(SourceDefinition definition, DateTimeOffset? newest, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (LastDeliveryWrite.TryGetValue(definition.Key, out var last) && now - last < TimeSpan.FromSeconds(5) && now >= last)
        {
            return;
        }

        LastDeliveryWrite[definition.Key] = now;
        await EnsureAsync(definition, cancellationToken);
        await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastSuccessAt, now)
            .SetProperty(x => x.ConsecutiveFailures, 0)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (newest is { } at)
        {
            await db.SourceStates.Where(s => s.Key == definition.Key && (s.LastItemAt == null || s.LastItemAt < at))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastItemAt, at), cancellationToken);
        }

        await AnnounceAsync(definition, now, cancellationToken);
    }

    public async Task FailedAsync(SourceDefinition definition, string error, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var text = error.Length > 2000 ? error[..2000] : error;
        var failures = 1 + await db.SourceStates.Where(s => s.Key == definition.Key).Select(s => s.ConsecutiveFailures).FirstOrDefaultAsync(cancellationToken);
        var next = now + SourceHealthRules.Backoff(failures, definition.Interval, retryAfter);
        await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastPollAt, now)
            .SetProperty(x => x.ConsecutiveFailures, x => x.ConsecutiveFailures + 1)
            .SetProperty(x => x.LastError, text)
            .SetProperty(x => x.LastErrorAt, now)
            .SetProperty(x => x.NextPollAt, next)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        await volume.CountErrorAsync(definition.Key, now, cancellationToken);
        await AnnounceAsync(definition, now, cancellationToken);
    }

    /// <summary>The channel (429) or our pacing said wait: no poll before then; not a failure, but shown (Lagging).</summary>
    public async Task PacedAsync(SourceDefinition definition, string reason, TimeSpan wait, bool byChannel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + wait;
        await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.LastPollAt, now)
            .SetProperty(x => x.LastSuccessAt, now)
            .SetProperty(x => x.BackoffUntil, until)
            .SetProperty(x => x.NextPollAt, until)
            .SetProperty(x => x.UpdatedAt, now), cancellationToken);
        if (byChannel)
        {
            // A 429 means our pacing and the channel disagree: worth seeing.
            await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.LastError, reason.Length > 2000 ? reason[..2000] : reason)
                .SetProperty(x => x.LastErrorAt, now), cancellationToken);
            await volume.CountErrorAsync(definition.Key, now, cancellationToken);
        }

        await AnnounceAsync(definition, now, cancellationToken);
    }

    /// <summary>
    /// Judges the source afresh and announces what changed: a new state (SourceHealthReported), a stale
    /// source alive again (SourceRecovered), a source newly stale (SourceStale) — each once, by compare-and-set.
    /// </summary>
    public async Task<SourceState?> AnnounceAsync(SourceDefinition? definition, DateTimeOffset now, CancellationToken cancellationToken, string? key = null, bool report = false)
    {
        var sourceKey = definition?.Key ?? key ?? throw new ArgumentNullException(nameof(definition));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var state = await db.SourceStates.AsNoTracking().FirstOrDefaultAsync(s => s.Key == sourceKey, cancellationToken);
        if (state is null)
        {
            return null;
        }

        var (judged, lag) = SourceHealthRules.Judge(state, definition, now);
        if (judged == SourceStates.Stale && !state.Stale
            && await db.SourceStates.Where(s => s.Key == sourceKey && !s.Stale).ExecuteUpdateAsync(s => s.SetProperty(x => x.Stale, true).SetProperty(x => x.StaleSince, now), cancellationToken) == 1)
        {
            db.Outbox.Publish(new SourceStale(sourceKey, state.Channel, state.LastSuccessAt, definition!.StaleAfter!.Value, state.LastError, now));
        }
        else if (judged != SourceStates.Stale && state.Stale
            && await db.SourceStates.Where(s => s.Key == sourceKey && s.Stale).ExecuteUpdateAsync(s => s.SetProperty(x => x.Stale, false).SetProperty(x => x.StaleSince, (DateTimeOffset?)null), cancellationToken) == 1)
        {
            db.Outbox.Publish(new SourceRecovered(sourceKey, state.Channel, now));
        }

        var changed = judged != state.State
            && await db.SourceStates.Where(s => s.Key == sourceKey && s.State == state.State).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, judged), cancellationToken) == 1;
        if (changed || report)
        {
            db.Outbox.Publish(new SourceHealthReported(sourceKey, state.Channel, judged, state.LastSuccessAt, lag, state.ItemsPerMinute, state.ErrorsLastHour, state.LastError, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        state.State = judged;
        return state;
    }
}
