namespace CrisisComms.Monitoring.Volume;

internal sealed record SpikeSettings(int MinCount, double MinRatio, double Deviations)
{
    public static SpikeSettings From(MonitoringOptions options) => new(options.SpikeMinCount, options.SpikeMinRatio, options.SpikeDeviations);
}

/// <summary>What the detector made of one minute.</summary>
internal sealed record SpikeVerdict(bool Spike, long Count, double Baseline, double Spread, double Threshold)
{
    public double Ratio => Count / Math.Max(Baseline, 1.0);
}

/// <summary>
/// Is this minute's mention count a spike? The baseline is an exponentially weighted moving average of the
/// minutes before (half-life 15 minutes: it follows a slow rise through the day but not a sudden jump); the
/// spread is the median absolute deviation of those minutes (robust: an earlier spike does not widen it),
/// never less than Poisson noise (√baseline). A minute is a spike when it is all of: at least
/// <see cref="SpikeSettings.MinCount"/> mentions (a quiet night's three mentions after none is no spike), at
/// least <see cref="SpikeSettings.MinRatio"/> × the baseline, and <see cref="SpikeSettings.Deviations"/>
/// spreads above it. Falling volume (a trough) is shown in the series, never alarmed.
/// </summary>
internal static class SpikeDetector
{
    private const double HalfLifeMinutes = 15;

    /// <param name="previous">The baseline minutes, oldest first (zeros included).</param>
    public static SpikeVerdict Judge(IReadOnlyList<long> previous, long count, SpikeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(settings);
        var baseline = Ewma(previous);
        var spread = Math.Max(1.4826 * MedianAbsoluteDeviation(previous), Math.Sqrt(Math.Max(baseline, 1)));
        var threshold = Math.Max(settings.MinCount, Math.Max(settings.MinRatio * baseline, baseline + (settings.Deviations * spread)));
        return new SpikeVerdict(count >= threshold, count, Math.Round(baseline, 2), Math.Round(spread, 2), Math.Round(threshold, 2));
    }

    public static double Ewma(IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var alpha = 1 - Math.Pow(2, -1 / HalfLifeMinutes);
        double average = values[0];
        for (var i = 1; i < values.Count; i++)
        {
            average += alpha * (values[i] - average);
        }

        return average;
    }

    public static double MedianAbsoluteDeviation(IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var median = Median(values.Select(v => (double)v).ToList());
        return Median(values.Select(v => Math.Abs(v - median)).ToList());
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
