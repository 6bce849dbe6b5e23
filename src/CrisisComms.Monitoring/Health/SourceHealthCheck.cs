using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Volume;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.State;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Monitoring.Health;

/// <summary>
/// Every minute, on one replica (lease): each source's items per minute and errors in the last hour are
/// brought up to date, it is judged, and its health reported (<see cref="SourceHealthReported"/>); a source
/// silent past its threshold raises <see cref="SourceStale"/> once, and <see cref="SourceRecovered"/> when it
/// is heard from again.
/// </summary>
internal sealed class SourceHealthCheck(
    MonitoringDbContext db,
    SourceCatalog catalog,
    SourceHealthRecorder recorder,
    ICounterStore counters,
    ILeaseLock leases,
    PlatformSettings platform,
    TimeProvider time)
{
    public async Task<IReadOnlyList<SourceState>> RunAsync(CancellationToken cancellationToken)
    {
        var lease = await leases.TryAcquireAsync("monitoring:health-check", platform.InstanceId, TimeSpan.FromSeconds(50), cancellationToken);
        if (lease is null)
        {
            return [];
        }

        try
        {
            var now = time.GetUtcNow();
            var definitions = await catalog.ListAsync(cancellationToken);
            var keys = definitions.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);

            // Sources no longer configured (an account switched off, a closed incident's search) stop being judged.
            var retired = await db.SourceStates.Where(s => s.Active && !keys.Contains(s.Key)).Select(s => s.Key).ToListAsync(cancellationToken);
            foreach (var key in retired)
            {
                await db.SourceStates.Where(s => s.Key == key).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false).SetProperty(x => x.UpdatedAt, now), cancellationToken);
                await recorder.AnnounceAsync(null, now, cancellationToken, key);
            }

            var judged = new List<SourceState>();
            foreach (var definition in definitions)
            {
                await recorder.EnsureAsync(definition, cancellationToken);
                var (perMinute, errors) = await RatesAsync(definition.Key, now, cancellationToken);
                await db.SourceStates.Where(s => s.Key == definition.Key).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.ItemsPerMinute, perMinute)
                    .SetProperty(x => x.ErrorsLastHour, errors), cancellationToken);
                if (await recorder.AnnounceAsync(definition, now, cancellationToken, report: true) is { } state)
                {
                    judged.Add(state);
                }
            }

            return judged;
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    private async Task<(double PerMinute, int Errors)> RatesAsync(string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var lastMinute = VolumeCheck.Floor(now).AddMinutes(-1);
            var items = await counters.GetAsync(VolumeSeries.Source(key), lastMinute.AddMinutes(-4), lastMinute, cancellationToken);
            var errors = await counters.GetAsync(VolumeSeries.SourceErrors(key), now.AddMinutes(-59), now, cancellationToken);
            return (Math.Round(items.Sum(p => p.Count) / 5.0, 2), (int)errors.Sum(p => p.Count));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without Redis the rates are unknown for now; the state is still judged.
            return (0, 0);
        }
    }
}

/// <summary>The scheduled health check. A run that fails is logged and left to the next minute.</summary>
[IdempotentBy("one run at a time under a lease; SourceStale and SourceRecovered are announced by compare-and-set on the source's row")]
internal sealed partial class CheckSourceHealthConsumer(SourceHealthCheck check, ILogger<CheckSourceHealthConsumer> logger) : IConsumer<CheckSourceHealth>
{
    public async Task Consume(ConsumeContext<CheckSourceHealth> context)
    {
        try
        {
            await check.RunAsync(context.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The source health check failed; it runs again next minute")]
    private partial void LogFailed(Exception exception);
}
