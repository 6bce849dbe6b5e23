using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.State;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Volume;

/// <summary>
/// Every minute, on one replica (lease): repairs the counters if Redis lost them, then judges the last
/// complete minute of every live series (everything, each channel, each watched incident and term) against
/// its baseline, and announces a spike once per episode (<see cref="VolumeSpike"/> through the outbox, with
/// the episode's row in one transaction).
/// </summary>
internal sealed partial class VolumeCheck(
    MonitoringDbContext db,
    ICounterStore counters,
    VolumeCounters volume,
    ILeaseLock leases,
    PlatformSettings platform,
    IOptions<MonitoringOptions> options,
    TimeProvider time,
    ILogger<VolumeCheck> logger)
{
    public async Task<IReadOnlyList<VolumeSpike>> RunAsync(CancellationToken cancellationToken)
    {
        var lease = await leases.TryAcquireAsync("monitoring:volume-check", platform.InstanceId, TimeSpan.FromSeconds(50), cancellationToken);
        if (lease is null)
        {
            return [];
        }

        try
        {
            var now = time.GetUtcNow();
            await volume.RepairIfLostAsync(db, now, cancellationToken);
            var minute = Floor(now).AddMinutes(-1);
            var spikes = new List<VolumeSpike>();
            foreach (var series in await LiveSeriesAsync(now, cancellationToken))
            {
                if (await JudgeAsync(series, minute, cancellationToken) is { } spike)
                {
                    spikes.Add(spike);
                }
            }

            return spikes;
        }
        finally
        {
            await leases.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    /// <summary>Judges one series at <paramref name="minute"/>; returns the spike if one was announced.</summary>
    internal async Task<VolumeSpike?> JudgeAsync(string series, DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var points = await counters.GetAsync(series, minute.AddMinutes(-settings.SpikeBaselineMinutes), minute, cancellationToken);
        var previous = points.Take(points.Count - 1).Select(p => p.Count).ToList();
        var verdict = SpikeDetector.Judge(previous, points[^1].Count, SpikeSettings.From(settings));
        var open = await db.VolumeAlerts.Where(a => a.Series == series && a.EndedAt == null).OrderByDescending(a => a.StartedAt).FirstOrDefaultAsync(cancellationToken);
        VolumeSpike? announced = null;
        if (verdict.Spike)
        {
            if (open is null)
            {
                open = new VolumeAlert
                {
                    Id = Guid.CreateVersion7(),
                    Series = series,
                    IncidentId = VolumeSeries.IncidentOf(series),
                    StartedAt = minute,
                    Baseline = verdict.Baseline,
                };
                db.VolumeAlerts.Add(open);
                announced = Announce(open, verdict, minute);
            }
            else if (verdict.Count >= 2 * open.AnnouncedCount)
            {
                // Still climbing: worth saying again.
                announced = Announce(open, verdict, minute);
            }

            open.LastSpikeAt = minute;
            open.PeakCount = Math.Max(open.PeakCount, verdict.Count);
        }
        else if (open is not null && minute - open.LastSpikeAt >= TimeSpan.FromMinutes(settings.SpikeCoolDownMinutes))
        {
            open.EndedAt = minute;
        }

        await db.SaveChangesAsync(cancellationToken);
        if (announced is not null)
        {
            LogSpike(series, verdict.Count, verdict.Baseline, minute);
        }

        return announced;
    }

    private VolumeSpike Announce(VolumeAlert alert, SpikeVerdict verdict, DateTimeOffset minute)
    {
        alert.AnnouncedCount = verdict.Count;
        alert.Ratio = Math.Round(verdict.Ratio, 2);
        var spike = new VolumeSpike(alert.IncidentId, alert.Series, verdict.Count, verdict.Baseline, Math.Round(verdict.Ratio, 2), minute);
        db.Outbox.Publish(spike);
        return spike;
    }

    /// <summary>Everything, each channel heard on, each incident watched now or in the last hour, each active watch.</summary>
    private async Task<List<string>> LiveSeriesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recent = now.AddHours(-1);
        var watches = await db.Watches.AsNoTracking().Where(w => w.Active || w.StoppedAt >= recent).Select(w => new { w.IncidentId, w.Term, w.Active }).ToListAsync(cancellationToken);
        var channels = await db.SourceStates.AsNoTracking().Select(s => s.Channel).Distinct().ToListAsync(cancellationToken);
        var series = new List<string> { VolumeSeries.All };
        series.AddRange(channels.Union(["x", "facebook", "sms", "telegram", "email", "feed"]).Order(StringComparer.Ordinal).Select(VolumeSeries.Channel));
        series.AddRange(watches.Where(w => w.IncidentId is not null).Select(w => VolumeSeries.Incident(w.IncidentId!.Value)).Distinct());
        series.AddRange(watches.Where(w => w.Active).Select(w => VolumeSeries.Watch(w.Term)).Distinct());
        return series.Distinct(StringComparer.Ordinal).ToList();
    }

    internal static DateTimeOffset Floor(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Volume spike on {Series}: {Count} mentions in the minute from {Minute}, baseline {Baseline}")]
    private partial void LogSpike(string series, long count, double baseline, DateTimeOffset minute);
}

/// <summary>The scheduled volume check. A run that fails is logged and left to the next minute (never a poison message).</summary>
[IdempotentBy("one run at a time under a lease; each spike episode is a row, announced once in the same transaction")]
internal sealed partial class CheckMentionVolumeConsumer(VolumeCheck check, ILogger<CheckMentionVolumeConsumer> logger) : IConsumer<CheckMentionVolume>
{
    public async Task Consume(ConsumeContext<CheckMentionVolume> context)
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

    [LoggerMessage(Level = LogLevel.Error, Message = "The volume check failed; it runs again next minute")]
    private partial void LogFailed(Exception exception);
}
