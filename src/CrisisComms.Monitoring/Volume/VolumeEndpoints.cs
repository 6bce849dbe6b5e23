using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using CrisisComms.Platform.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Volume;

internal sealed record VolumePoint(DateTimeOffset Minute, long Count);

internal sealed record SpikeView(DateTimeOffset StartedAt, DateTimeOffset? EndedAt, long PeakCount, double Baseline, double Ratio);

/// <summary>A per-minute series for the dashboard: the points (zeros included), total, peak, current baseline and spikes in range.</summary>
internal sealed record VolumeResponse(string Series, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<VolumePoint> Points, long Total, VolumePoint? Peak, double Baseline, IReadOnlyList<SpikeView> Spikes);

internal static class VolumeEndpoints
{
    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(7);

    public static void MapVolume(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/monitoring/volume", GetAsync).WithTags("Monitoring").RequireAuthorization(Policies.Staff).WithName("GetMentionVolume")
            .WithSummary("Mentions per minute for everything, an incident (incidentId), a channel or a watched term (watch), from/to (default the last hour, at most 7 days), with spikes.");
    }

    internal static async Task<Results<Ok<VolumeResponse>, ProblemHttpResult>> GetAsync(
        Guid? incidentId, string? channel, string? watch, DateTimeOffset? from, DateTimeOffset? to,
        ICounterStore counters, MonitoringDbContext db, IOptions<MonitoringOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var chosen = new[] { incidentId is not null, !string.IsNullOrWhiteSpace(channel), !string.IsNullOrWhiteSpace(watch) }.Count(c => c);
        if (chosen > 1)
        {
            return ApiProblems.Validation("series", "choose at most one of incidentId, channel and watch");
        }

        var end = VolumeCheck.Floor(to ?? time.GetUtcNow());
        var start = VolumeCheck.Floor(from ?? end.AddMinutes(-59));
        if (start > end)
        {
            return ApiProblems.Validation("from", "is after to");
        }

        if (end - start > MaxRange)
        {
            return ApiProblems.Validation("to", "is at most 7 days after from");
        }

        var series = incidentId is { } incident ? VolumeSeries.Incident(incident)
            : !string.IsNullOrWhiteSpace(channel) ? VolumeSeries.Channel(channel.Trim().ToLowerInvariant())
            : !string.IsNullOrWhiteSpace(watch) ? VolumeSeries.Watch(watch)
            : VolumeSeries.All;
        var points = (await counters.GetAsync(series, start, end, cancellationToken)).Select(p => new VolumePoint(p.Minute, p.Count)).ToList();
        var history = await counters.GetAsync(series, end.AddMinutes(-options.Value.SpikeBaselineMinutes), end, cancellationToken);
        var spikes = await db.VolumeAlerts.AsNoTracking()
            .Where(a => a.Series == series && a.StartedAt <= end && (a.EndedAt == null || a.EndedAt >= start))
            .OrderBy(a => a.StartedAt)
            .Select(a => new SpikeView(a.StartedAt, a.EndedAt, a.PeakCount, a.Baseline, a.Ratio))
            .ToListAsync(cancellationToken);
        var peak = points.Count == 0 || points.Max(p => p.Count) == 0 ? null : points.MaxBy(p => p.Count);
        return TypedResults.Ok(new VolumeResponse(series, start, end, points, points.Sum(p => p.Count), peak, Math.Round(SpikeDetector.Ewma(history.Select(p => p.Count).ToList()), 2), spikes));
    }
}
