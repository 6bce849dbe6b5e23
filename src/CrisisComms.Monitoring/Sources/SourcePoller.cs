using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Sources;

internal enum PollOutcome
{
    /// <summary>Read to the end of what there was (or <see cref="MonitoringOptions.MaxPagesPerPoll"/> pages of it).</summary>
    Polled,
    NotConfigured,
    PushOnly,
    NotDue,
    BackingOff,
    /// <summary>Another poll of this source holds the lease (on this replica or another).</summary>
    LeaseHeld,
    /// <summary>Stopped early by pacing or a 429; what was read before is stored.</summary>
    Paced,
    Failed,
    /// <summary>A newer poll took the fencing token: this one stored nothing and moved nothing.</summary>
    Refused,
}

internal sealed record PollReport(string Source, PollOutcome Outcome, int New = 0, int Duplicates = 0, int Rejected = 0, int Pages = 0, string? Error = null);

/// <summary>
/// Polls one source: one replica at a time (a lease in Redis), each page stored with the cursor it leads
/// to in one transaction under a fencing token from the database (a poll that lost its lease — paused,
/// cut off, or overtaken after Redis forgot the lease — can never move the cursor back or store twice),
/// paced within the channel's limits, backing off on failures and on 429 until the channel's reset.
/// </summary>
internal sealed partial class SourcePoller(
    MonitoringDbContext db,
    SourceCatalog catalog,
    MentionStore store,
    SourceHealthRecorder health,
    ILeaseLock leases,
    IRateLimiter limiter,
    PlatformSettings platform,
    IOptions<MonitoringOptions> options,
    MonitoringMetrics metrics,
    TimeProvider time,
    ILogger<SourcePoller> logger)
{
    /// <summary>Polls <paramref name="key"/> if it is due (or now, with <paramref name="evenIfNotDue"/>; a backoff is always honoured).</summary>
    public async Task<PollReport> PollAsync(string key, bool evenIfNotDue, CancellationToken cancellationToken)
    {
        var resolved = await catalog.ResolveAsync(key, cancellationToken);
        if (resolved is null)
        {
            return Done(new PollReport(key, PollOutcome.NotConfigured));
        }

        var definition = resolved.Definition;
        if (!definition.Polled)
        {
            return Done(new PollReport(key, PollOutcome.PushOnly));
        }

        var state = await health.EnsureAsync(definition, cancellationToken);
        var now = time.GetUtcNow();
        if (state.BackoffUntil > now)
        {
            return Done(new PollReport(key, PollOutcome.BackingOff));
        }

        if (!evenIfNotDue && state.NextPollAt > now)
        {
            return Done(new PollReport(key, PollOutcome.NotDue));
        }

        var owner = $"{platform.InstanceId}:{Guid.NewGuid():N}";
        Lease? lease;
        try
        {
            lease = await leases.TryAcquireAsync(LeaseName(key), owner, options.Value.LeaseDuration, cancellationToken);
            if (lease is null)
            {
                return Done(new PollReport(key, PollOutcome.LeaseHeld));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without Redis there is no lease; the fencing token below still keeps two polls from both moving the cursor.
            LogNoLease(key, e.Message);
            lease = null;
        }

        try
        {
            var fence = await TakeFenceAsync(key, owner, cancellationToken);
            if (fence is null)
            {
                return Done(new PollReport(key, PollOutcome.LeaseHeld));
            }

            return Done(await PollPagesAsync(resolved, fence.Value, lease, cancellationToken));
        }
        finally
        {
            if (lease is not null)
            {
                try
                {
                    await leases.ReleaseAsync(lease, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // It expires on its own.
                    LogNoLease(key, e.Message);
                }
            }
        }
    }

    public static string LeaseName(string key) => $"monitoring:poll:{key}";

    /// <summary>
    /// Takes the next fencing token for <paramref name="key"/>: a compare-and-set on the database row, so the
    /// token only ever grows, even when Redis (and its lease counter) is lost.
    /// </summary>
    internal async Task<long?> TakeFenceAsync(string key, string owner, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var current = await db.SourceStates.AsNoTracking().Where(s => s.Key == key).Select(s => s.Fence).FirstAsync(cancellationToken);
            var taken = await db.SourceStates.Where(s => s.Key == key && s.Fence == current)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Fence, current + 1).SetProperty(x => x.FenceHolder, owner), cancellationToken);
            if (taken == 1)
            {
                return current + 1;
            }
        }

        return null;
    }

    /// <summary>Stores a page and moves the cursor in one transaction, only while <paramref name="fence"/> is still the source's token.</summary>
    internal Task<Mentions.StoreOutcome> StorePageAsync(ResolvedSource resolved, SourcePage page, long fence, CancellationToken cancellationToken)
    {
        var key = resolved.Definition.Key;
        return store.StoreAsync(
            key,
            resolved.Source.Channel,
            page.Items,
            async ct => await db.SourceStates.Where(s => s.Key == key && s.Fence == fence)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Cursor, page.Cursor), ct) == 1,
            claimFirst: true,
            cancellationToken,
            searchedFor: resolved.Definition.Watch?.Term,
            sourceRejected: page.Rejected);
    }

    private async Task<PollReport> PollPagesAsync(ResolvedSource resolved, long fence, Lease? lease, CancellationToken cancellationToken)
    {
        var definition = resolved.Definition;
        var key = definition.Key;
        var settings = options.Value;
        var pacer = new SourcePacer(limiter, definition.Account);
        int stored = 0, duplicates = 0, rejected = 0, pages = 0;
        DateTimeOffset? newest = null;
        try
        {
            var cursor = await db.SourceStates.AsNoTracking().Where(s => s.Key == key).Select(s => s.Cursor).FirstAsync(cancellationToken);
            while (true)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(settings.CallTimeout * 2);
                var poll = new SourcePoll(key, resolved.Account, cursor, time.GetUtcNow(), pacer)
                {
                    Watch = definition.Watch,
                    FirstPollLookback = settings.FirstPollLookback,
                    CallTimeout = settings.CallTimeout,
                };
                var page = await resolved.Source.PollAsync(poll, timeout.Token);
                var outcome = await StorePageAsync(resolved, page, fence, cancellationToken);
                if (outcome.Refused)
                {
                    LogRefused(key, fence);
                    return new PollReport(key, PollOutcome.Refused, stored, duplicates, rejected, pages);
                }

                pages++;
                stored += outcome.New;
                duplicates += outcome.Duplicates;
                rejected += outcome.Rejected.Count;
                newest = Later(newest, page.Newest);
                cursor = page.Cursor;
                if (!page.More || pages >= settings.MaxPagesPerPoll)
                {
                    break;
                }

                if (lease is not null)
                {
                    lease = await RenewAsync(lease, cancellationToken);
                    if (lease is null)
                    {
                        // Lost the lease mid-poll: stop; the fencing token keeps what was stored consistent.
                        break;
                    }
                }
            }

            await health.SucceededAsync(definition, stored, newest, cancellationToken);
            return new PollReport(key, PollOutcome.Polled, stored, duplicates, rejected, pages);
        }
        catch (SourceRateLimitedException e)
        {
            LogPaced(key, e.Message, e.RetryAfter ?? TimeSpan.Zero);
            await health.PacedAsync(definition, e.Message, e.RetryAfter ?? TimeSpan.FromMinutes(1), byChannel: !e.Message.StartsWith("paced:", StringComparison.Ordinal), cancellationToken);
            return new PollReport(key, PollOutcome.Paced, stored, duplicates, rejected, pages, e.Message);
        }
        catch (Exception e) when (IsSourceFailure(e, cancellationToken))
        {
            var error = e is SourceException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            LogFailed(key, error);
            await health.FailedAsync(definition, error, (e as SourceException)?.RetryAfter, cancellationToken);
            return new PollReport(key, PollOutcome.Failed, stored, duplicates, rejected, pages, error);
        }
    }

    private async Task<Lease?> RenewAsync(Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            return await leases.RenewAsync(lease, options.Value.LeaseDuration, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNoLease(lease.Name, e.Message);
            return lease;
        }
    }

    /// <summary>
    /// Whatever a source throws (a channel down, slow or answering nonsense, or a flaw in the source itself)
    /// is recorded as the poll's failure and retried after a backoff: a poller never dies of it.
    /// </summary>
    private static bool IsSourceFailure(Exception e, CancellationToken cancellationToken) =>
        e is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private PollReport Done(PollReport report)
    {
        metrics.Poll(report.Source, report.Outcome.ToString().ToLowerInvariant());
        return report;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: poll failed: {Error}")]
    private partial void LogFailed(string source, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Source}: waiting {Wait} before the next request ({Reason})")]
    private partial void LogPaced(string source, string reason, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: a newer poll holds the fencing token (ours was {Fence}); this poll stored nothing")]
    private partial void LogRefused(string source, long fence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Source}: lease store unavailable ({Error}); relying on the fencing token")]
    private partial void LogNoLease(string source, string error);
}
