using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.State;
using CrisisComms.Triage.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Triage.Queue;

/// <summary>
/// The queue's clock, on one replica at a time (a lease): every few seconds it breaches what waited
/// past its deadline (<see cref="SlaBreached"/>, once: the mark and the event commit together), wakes
/// snoozed items and lets lapsed claims go, announcing each change. One indexed query per tick
/// instead of a scheduled job per item: at thousands of mentions a minute that is the difference
/// between a scheduler that keeps up and one that does not (docs/adr/0010).
/// </summary>
internal sealed partial class QueueSweeper(
    IServiceScopeFactory scopes,
    ILeaseLock leases,
    PlatformSettings platform,
    IOptions<TriageOptions> options,
    TimeProvider time,
    ILogger<QueueSweeper> logger) : BackgroundService
{
    private const int Batch = 200;
    private const string LeaseName = "triage:queue-sweeper";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SweepInterval;
        Lease? lease = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                lease = lease is null
                    ? await leases.TryAcquireAsync(LeaseName, platform.InstanceId, interval * 5, stoppingToken)
                    : await leases.RenewAsync(lease, interval * 5, stoppingToken);
                if (lease is not null)
                {
                    // Keep going while a tick finds a full batch (a backlog after downtime).
                    while (await SweepAsync(stoppingToken) >= Batch && !stoppingToken.IsCancellationRequested)
                    {
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // An officer acted on an item at the same moment, or the database or Redis blinked:
                // next tick. Never let it end the service: the clock must keep going.
                LogSweepFailed(logger, e);
            }

            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (lease is not null)
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>One tick; returns how many items it changed.</summary>
    internal async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TriageDbContext>();
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var breached = await db.Items
            .Where(i => (i.Status == ItemStatus.Open || i.Status == ItemStatus.Snoozed) && i.BreachedAt == null && i.Deadline <= now)
            .OrderBy(i => i.Deadline).Take(Batch).ToListAsync(cancellationToken);
        foreach (var item in breached)
        {
            item.BreachedAt = now;
            db.Outbox.Publish(new SlaBreached(item.Id, item.IncidentId, item.Priority.ToString(), item.Deadline!.Value, now));
        }

        var woken = await db.Items.Where(i => i.Status == ItemStatus.Snoozed && i.SnoozedUntil <= now).OrderBy(i => i.SnoozedUntil).Take(Batch).ToListAsync(cancellationToken);
        foreach (var item in woken)
        {
            item.Status = ItemStatus.Open;
            item.SnoozedUntil = null;
        }

        var lapsed = await db.Items.Where(i => i.ClaimedBy != null && i.ClaimExpiresAt <= now).OrderBy(i => i.ClaimExpiresAt).Take(Batch).ToListAsync(cancellationToken);
        foreach (var item in lapsed)
        {
            item.ClaimedBy = null;
            item.ClaimExpiresAt = null;
        }

        var changed = breached.Concat(woken).Concat(lapsed).Distinct().ToList();
        foreach (var item in changed)
        {
            item.Version++;
            ItemPicture.Announce(db, item, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed.Count;
    }

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Triage queue sweep failed; trying again next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
