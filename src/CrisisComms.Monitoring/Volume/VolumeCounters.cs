using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Volume;

/// <summary>A stored mention as the counters see it.</summary>
internal sealed record CountedMention(string Source, string Channel, Guid? IncidentId, string? Watch, DateTimeOffset PostedAt, DateTimeOffset ReceivedAt);

/// <summary>
/// Per-minute volume in <see cref="ICounterStore"/> (Redis), counted after each store commits. The mentions
/// themselves are the truth: if Redis loses the counters (flushed, failed over without its data), the
/// volume check notices its sentinel is gone and recounts the recent window from the database.
/// </summary>
internal sealed partial class VolumeCounters(ICounterStore counters, IDedupeStore dedupe, IOptions<MonitoringOptions> options, ILogger<VolumeCounters> logger)
{
    private const string Sentinel = "monitoring:volume-counters-intact";

    public async Task CountAsync(IReadOnlyList<CountedMention> mentions, CancellationToken cancellationToken)
    {
        if (mentions.Count == 0)
        {
            return;
        }

        var increments = new Dictionary<(string Series, DateTimeOffset Minute), long>();
        foreach (var m in mentions)
        {
            // A date the channel got wrong, or older than the counters keep, counts when it arrived.
            var said = m.PostedAt > m.ReceivedAt.AddMinutes(1) || m.PostedAt < m.ReceivedAt.AddDays(-30) ? m.ReceivedAt : m.PostedAt;
            foreach (var series in VolumeSeries.Of(m.Channel, m.IncidentId, m.Watch))
            {
                Add(increments, series, said);
            }

            Add(increments, VolumeSeries.Source(m.Source), m.ReceivedAt);
        }

        try
        {
            await Task.WhenAll(increments.Select(i => counters.IncrementAsync(i.Key.Series, i.Key.Minute, i.Value, cancellationToken)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The mentions are stored; the counters are recounted from them when Redis is back without its data.
            LogCountFailed(mentions.Count, e.Message);
        }
    }

    public async Task CountErrorAsync(string source, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await counters.IncrementAsync(VolumeSeries.SourceErrors(source), at, 1, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCountFailed(1, e.Message);
        }
    }

    /// <summary>
    /// When the sentinel key is gone (first start, or Redis lost its data), recount every series of the
    /// rebuild window from the stored mentions, raising each counter to the database's count.
    /// </summary>
    public async Task<bool> RepairIfLostAsync(MonitoringDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await dedupe.TryClaimAsync(Sentinel, TimeSpan.FromDays(400), cancellationToken))
        {
            return false;
        }

        var window = options.Value.VolumeRebuildWindow;
        try
        {
            await RecountAsync(db, now - window, now, cancellationToken);
        }
        catch
        {
            // Try again next time.
            await dedupe.ReleaseAsync(Sentinel, CancellationToken.None);
            throw;
        }

        LogRecounted(window);
        return true;
    }

    /// <summary>Raises every counter between <paramref name="from"/> and <paramref name="to"/> to what the database holds.</summary>
    public async Task RecountAsync(MonitoringDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var stored = db.Mentions.AsNoTracking()
            .Where(m => m.PostedAt >= from && m.PostedAt <= to)
            .Select(m => new { m.Channel, m.IncidentId, m.MatchedWatch, m.PostedAt, m.ReceivedAt })
            .AsAsyncEnumerable();
        var wanted = new Dictionary<(string Series, DateTimeOffset Minute), long>();
        await foreach (var m in stored.WithCancellation(cancellationToken))
        {
            var said = m.PostedAt > m.ReceivedAt.AddMinutes(1) ? m.ReceivedAt : m.PostedAt;
            foreach (var series in VolumeSeries.Of(m.Channel, m.IncidentId, m.MatchedWatch))
            {
                Add(wanted, series, said);
            }
        }

        foreach (var series in wanted.GroupBy(w => w.Key.Series))
        {
            var points = await counters.GetAsync(series.Key, from, to, cancellationToken);
            var have = points.ToDictionary(p => p.Minute, p => p.Count);
            foreach (var (key, count) in series)
            {
                var missing = count - have.GetValueOrDefault(key.Minute);
                if (missing > 0)
                {
                    await counters.IncrementAsync(series.Key, key.Minute, missing, cancellationToken);
                }
            }
        }
    }

    private static void Add(Dictionary<(string, DateTimeOffset), long> increments, string series, DateTimeOffset at)
    {
        var minute = new DateTimeOffset(at.UtcDateTime.Year, at.UtcDateTime.Month, at.UtcDateTime.Day, at.UtcDateTime.Hour, at.UtcDateTime.Minute, 0, TimeSpan.Zero);
        increments[(series, minute)] = increments.GetValueOrDefault((series, minute)) + 1;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Volume counters for {Count} mentions could not be updated: {Error}")]
    private partial void LogCountFailed(int count, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Volume counters were missing (Redis lost its data, or first start); the last {Window} were recounted from the database")]
    private partial void LogRecounted(TimeSpan window);
}
