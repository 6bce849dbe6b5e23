using System.Globalization;

namespace CrisisComms.Bench.Ingest;

/// <summary>One run of the pipeline: counts, when the last item was accepted and delivered, each item's latencies.</summary>
internal sealed record RunFigure(
    string Label,
    int Sent,
    int Accepted,
    int Delivered,
    int Repeats,
    TimeSpan AcceptedAfter,
    TimeSpan DeliveredAfter,
    IReadOnlyList<TimeSpan> ToAccepted,
    IReadOnlyList<TimeSpan> ToDelivered)
{
    public bool Complete => Accepted == Sent && Delivered == Sent && Repeats == 0;

    public double AcceptedPerSecond => Accepted / AcceptedAfter.TotalSeconds;

    public double DeliveredPerSecond => Delivered / DeliveredAfter.TotalSeconds;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"{Sent} sent, {Accepted} accepted, {Delivered} delivered once, {Repeats} repeats; accepted {AcceptedPerSecond:F0}/s, delivered {DeliveredPerSecond:F0}/s");

    public static double Percentile(IReadOnlyList<TimeSpan> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

internal static class Report
{
    public static void Print(BenchSettings settings, RateFigure baseline, RunFigure burst, RunFigure steady)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("=== Ingest throughput (issue 5, point 8) ===");
        Console.WriteLine(string.Create(c, $"baseline  raw RabbitMQ.Client probe ({baseline.Count} persistent, confirmed, acked): published {baseline.AcceptedPerSecond:F0}/s, consumed {baseline.DeliveredPerSecond:F0}/s"));
        Console.WriteLine(string.Create(c, $"burst     {burst.Summary}"));
        Console.WriteLine(string.Create(c, $"          intake (signature, parse, Redis dedupe, bus; answered 200) {burst.AcceptedPerSecond:F0}/s = {burst.AcceptedPerSecond / baseline.AcceptedPerSecond:F2}x the probe's publish rate"));
        Console.WriteLine(string.Create(c, $"          to triage (also stored once in PostgreSQL, announced via outbox) {burst.DeliveredPerSecond:F0}/s = {burst.DeliveredPerSecond / baseline.DeliveredPerSecond:F2}x the probe's publish+consume rate"));
        Console.WriteLine(string.Create(c, $"          target 5,500/s: intake {burst.AcceptedPerSecond / 5_500:F2}x, to triage {burst.DeliveredPerSecond / 5_500:F2}x of it; probe itself {baseline.DeliveredPerSecond / 5_500:F2}x"));
        Console.WriteLine(string.Create(c, $"steady    {settings.SteadyRate}/s for {settings.SteadySeconds} s: {steady.Summary}"));
        Console.WriteLine(string.Create(c, $"          latency to accepted: p50 {RunFigure.Percentile(steady.ToAccepted, 50):F1} ms, p99 {RunFigure.Percentile(steady.ToAccepted, 99):F1} ms"));
        Console.WriteLine(string.Create(c, $"          latency to triage:   p50 {RunFigure.Percentile(steady.ToDelivered, 50):F1} ms, p99 {RunFigure.Percentile(steady.ToDelivered, 99):F1} ms"));
        if (!burst.Complete || !steady.Complete)
        {
            Console.WriteLine("INCOMPLETE: some deliveries were refused, lost or repeated (see above)");
        }
    }
}
