using System.Diagnostics.Metrics;
using CrisisComms.Platform.Telemetry;

namespace CrisisComms.Triage;

/// <summary>Triage's instruments on <c>/metrics</c>: how intake keeps up (batch sizes, transaction times, how late mentions reach it).</summary>
internal sealed class TriageMetrics
{
    public const string IntakeBatchSize = "crisiscomms.triage.intake.batch_size";
    public const string IntakeDuration = "crisiscomms.triage.intake.duration";
    public const string IntakeLag = "crisiscomms.triage.intake.lag";

    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _lag;

    public TriageMetrics(PlatformMetrics platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var meter = platform.Meter;
        _batchSize = meter.CreateHistogram<int>(IntakeBatchSize, "{mention}", "Mentions judged and written in one intake transaction");
        _duration = meter.CreateHistogram<double>(IntakeDuration, "ms", "How long one intake batch took, from delivery to commit");
        _lag = meter.CreateHistogram<double>(IntakeLag, "ms", "From a mention's publication to intake starting on it (broker, prefetch, waiting for a batch)");
    }

    public void Batch(int mentions, TimeSpan took)
    {
        _batchSize.Record(mentions);
        _duration.Record(took.TotalMilliseconds);
    }

    public void Lag(TimeSpan lag) => _lag.Record(Math.Max(0, lag.TotalMilliseconds));
}
