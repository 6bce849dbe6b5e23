using System.Globalization;

namespace CrisisComms.Bench.Ingest;

/// <summary>One run of the pipeline: counts (in mentions), when the last was accepted and delivered, each mention's latencies.</summary>
internal sealed record RunFigure(
    string Label,
    int Sent,
    int Deliveries,
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
        $"{Sent} mentions in {Deliveries} deliveries, {Accepted} accepted, {Delivered} delivered once, {Repeats} repeats; accepted {AcceptedPerSecond:F0}/s, delivered {DeliveredPerSecond:F0}/s");

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
    private const double Peak = 5_500;

    public static void Print(BenchSettings settings, RateFigure baseline, RunFigure batched, RunFigure single, RunFigure steady)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("=== Ingest throughput (issue 5, point 8) ===");
        Console.WriteLine(string.Create(c, $"baseline  raw RabbitMQ.Client probe ({baseline.Count} persistent, confirmed, acked): published {baseline.AcceptedPerSecond:F0}/s, consumed {baseline.DeliveredPerSecond:F0}/s"));
        Burst(c, $"burst, {settings.Batch} mentions per delivery (Meta batches up to 1,000 updates per delivery; X pages hold up to 100)", baseline, batched);
        Burst(c, "burst, 1 mention per delivery (worst case: every mention its own HTTP request, claim and publish)", baseline, single);
        Console.WriteLine(string.Create(c, $"steady    {settings.SteadyRate}/s for {settings.SteadySeconds} s, 1 per delivery: {steady.Summary}"));
        Console.WriteLine(string.Create(c, $"          latency to accepted: p50 {RunFigure.Percentile(steady.ToAccepted, 50):F1} ms, p99 {RunFigure.Percentile(steady.ToAccepted, 99):F1} ms"));
        Console.WriteLine(string.Create(c, $"          latency to triage:   p50 {RunFigure.Percentile(steady.ToDelivered, 50):F1} ms, p99 {RunFigure.Percentile(steady.ToDelivered, 99):F1} ms"));
        if (!batched.Complete || !single.Complete || !steady.Complete)
        {
            Console.WriteLine("INCOMPLETE: some deliveries were refused, lost or repeated (see above)");
        }
    }

    private static void Burst(CultureInfo c, string title, RateFigure baseline, RunFigure run)
    {
        Console.WriteLine(title);
        Console.WriteLine(string.Create(c, $"          {run.Summary}"));
        Console.WriteLine(string.Create(c, $"          intake (signature, parse, Redis dedupe, bus; answered 200) {run.AcceptedPerSecond:F0} mentions/s = {run.AcceptedPerSecond / baseline.AcceptedPerSecond:F2}x the probe's publish rate; {run.AcceptedPerSecond / Peak:F2}x of 5,500/s"));
        Console.WriteLine(string.Create(c, $"          to triage (also stored once in PostgreSQL, announced via outbox) {run.DeliveredPerSecond:F0} mentions/s = {run.DeliveredPerSecond / baseline.DeliveredPerSecond:F2}x the probe's publish+consume rate; {run.DeliveredPerSecond / Peak:F2}x of 5,500/s"));
    }
}
