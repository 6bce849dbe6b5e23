using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;

namespace CrisisComms.Bench.Triage;

/// <summary>
/// Mention received → queued item visible through the API, at a steady rate, on private RabbitMQ,
/// PostgreSQL and Redis (the test fixture's servers). Latency runs from each mention's scheduled send
/// time (so a stall is not hidden by sending later) to the poll that first shows its item. Baseline,
/// in the same process on the same servers: the visibility floor of the poll itself (an item already
/// there, seen by the same poll loop).
/// </summary>
internal static class EndToEndBench
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(10);

    public static async Task RunAsync(IReadOnlyList<string> texts, int rate, TimeSpan duration, TimeSpan warmUp, int? concurrency = null)
    {
        Console.WriteLine("starting private RabbitMQ, PostgreSQL and Redis (or using CRISISCOMMS_TEST_*)…");
        await using var servers = await RealServers.AcquireAsync();
        await using var infrastructure = await Isolated.CreateAsync(servers.Endpoints, "bench");
        await using var host = await ServiceHost.StartAsync(o =>
        {
            o.Infrastructure = infrastructure;
            o.Services.Add("triage");
            o.Settings["Logging:LogLevel:Default"] = "Error";
            if (concurrency is { } limit)
            {
                // Messages each receive endpoint works on at once (the service default when not given).
                o.Settings["CrisisComms:Bus:ConcurrentMessageLimit"] = limit.ToString(CultureInfo.InvariantCulture);
            }
        });
        // Triage's own intake instruments (batch size, transaction time, lag), as /metrics shows them.
        var intake = new ConcurrentDictionary<string, ConcurrentQueue<double>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("crisiscomms.triage.intake.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => intake.GetOrAdd(instrument.Name, _ => new()).Enqueue(value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => intake.GetOrAdd(instrument.Name, _ => new()).Enqueue(value));
        listener.Start();
        var bus = host.Get<IBus>();
        var client = host.Client;

        var sent = new ConcurrentDictionary<Guid, long>();
        var sendLag = new ConcurrentBag<double>();
        var seen = new ConcurrentDictionary<Guid, double>();
        // Where the time goes: each item's createdAt is stamped when intake starts on its mention.
        var started = new ConcurrentDictionary<Guid, DateTimeOffset>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var wallAtZero = DateTimeOffset.UtcNow;
        var poller = Task.Run(() => PollAsync(client, sent, seen, started, clock, stop.Token));

        var total = (int)(rate * (duration + warmUp).TotalSeconds);
        var interval = Stopwatch.Frequency / (double)rate;
        var publishes = new List<Task>(total);
        var start = clock.ElapsedTicks;
        Console.WriteLine($"sending {total} mentions at {rate}/s ({(duration + warmUp).TotalSeconds:0} s, the first {warmUp.TotalSeconds:0} s a warm-up)…");
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            while (clock.ElapsedTicks < due)
            {
                var wait = (due - clock.ElapsedTicks) * 1000 / Stopwatch.Frequency;
                if (wait > 2)
                {
                    await Task.Delay((int)wait - 1);
                }
            }

            // A unique opening, so no two bench mentions are near-duplicates (a joined cluster shows under its first mention).
            var id = Guid.NewGuid();
            var opening = string.Join(' ', id.ToString("N").Chunk(4).Select(c => new string(c)));
            var mention = new MentionReceived(
                id, "x", i.ToString(CultureInfo.InvariantCulture), "@bench", $"{opening} {texts[i % texts.Count]}", DateTimeOffset.UtcNow, null, null)
            { Kind = "Reply", Source = "x-mentions" };
            sent[mention.MentionId] = due;
            var publish = bus.Publish(mention);
            sendLag.Add((clock.ElapsedTicks - due) * 1000.0 / Stopwatch.Frequency);
            publishes.Add(publish);
        }

        await Task.WhenAll(publishes);
        var deadline = clock.Elapsed + TimeSpan.FromSeconds(60);
        while (seen.Count < sent.Count && clock.Elapsed < deadline)
        {
            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await poller;

        var warmUpEnd = start + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var measured = sent.Where(s => s.Value >= warmUpEnd).Select(s => s.Key).ToList();
        var latencies = measured.Where(seen.ContainsKey).Select(id => seen[id]).Order().ToList();
        var missing = measured.Count - latencies.Count;
        Console.WriteLine();
        Console.WriteLine($"measured {measured.Count} mentions after the warm-up; {missing} not visible within 60 s of the last send");
        if (latencies.Count == 0)
        {
            return;
        }

        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        var lags = sendLag.Order().ToList();
        Console.WriteLine($"sender behind its schedule (included below): p50 {lags[lags.Count / 2]:0} ms, p99 {lags[(int)(lags.Count * 0.99)]:0} ms");
        Console.WriteLine($"mention received → item visible: p50 {P(0.50):0} ms, p95 {P(0.95):0} ms, p99 {P(0.99):0} ms, max {latencies[^1]:0} ms");

        // The two halves: scheduled send → intake started on it (broker, prefetch, waiting for a consumer),
        // and intake started → visible (judging, the transaction, the poll that sees it).
        var toIntake = new List<double>();
        var toVisible = new List<double>();
        foreach (var id in measured.Where(started.ContainsKey).Where(seen.ContainsKey))
        {
            var dueAt = wallAtZero.AddTicks(sent[id] * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            var waited = (started[id] - dueAt).TotalMilliseconds;
            toIntake.Add(waited);
            toVisible.Add(seen[id] - waited);
        }

        toIntake.Sort();
        toVisible.Sort();
        static double Q(List<double> xs, double q) => xs[Math.Min(xs.Count - 1, (int)Math.Ceiling(q * xs.Count) - 1)];
        Console.WriteLine($"  send → intake started: p50 {Q(toIntake, 0.5):0} ms, p99 {Q(toIntake, 0.99):0} ms; intake started → visible: p50 {Q(toVisible, 0.5):0} ms, p99 {Q(toVisible, 0.99):0} ms");
        foreach (var (name, values) in intake.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var xs = values.Order().ToList();
            Console.WriteLine($"  {name}: {xs.Count} recorded, mean {xs.Average():0.0}, p50 {Q(xs, 0.5):0.0}, p99 {Q(xs, 0.99):0.0}, max {xs[^1]:0.0}");
        }

        var floor = await PollFloorAsync(client);
        Console.WriteLine($"baseline (poll visibility floor, same process and servers): p50 {floor.P50:0} ms, p99 {floor.P99:0} ms");
        Console.WriteLine($"p99 {P(0.99):0} ms = {P(0.99) / 250:0.00}x the 250 ms target; {(P(0.99) < 250 && missing == 0 ? "met" : "NOT met")}");
    }

    private static async Task PollAsync(HttpClient client, ConcurrentDictionary<Guid, long> sent, ConcurrentDictionary<Guid, double> seen, ConcurrentDictionary<Guid, DateTimeOffset> started, Stopwatch clock, CancellationToken stop)
    {
        // Overlapping windows: an item's UpdatedAt is stamped before its commit, so look a little back.
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        while (!stop.IsCancellationRequested)
        {
            var pollStarted = DateTimeOffset.UtcNow;
            try
            {
                var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/triage/items?status=all&limit=500&updatedSince={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}", stop);
                var now = clock.ElapsedTicks;
                DateTimeOffset? newest = null;
                foreach (var item in page.EnumerateArray())
                {
                    var mentionId = item.GetProperty("mentionId").GetGuid();
                    if (sent.TryGetValue(mentionId, out var due) && seen.TryAdd(mentionId, (now - due) * 1000.0 / Stopwatch.Frequency))
                    {
                        started[mentionId] = item.GetProperty("createdAt").GetDateTimeOffset();
                    }

                    newest = item.GetProperty("lastSeenAt").GetDateTimeOffset();
                }

                since = page.GetArrayLength() == 500 && newest is { } n ? n.AddSeconds(-1) : pollStarted.AddSeconds(-2);
                await Task.Delay(PollEvery, stop);
            }
            catch (Exception e) when (e is OperationCanceledException || stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<(double P50, double P99)> PollFloorAsync(HttpClient client)
    {
        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            await client.GetFromJsonAsync<JsonElement>($"/api/v1/triage/items?status=all&limit=500&updatedSince={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-2).ToString("O", CultureInfo.InvariantCulture))}");
            // On average a change waits half a poll interval before the poll that sees it starts.
            samples.Add(clock.Elapsed.TotalMilliseconds + (PollEvery.TotalMilliseconds / 2));
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.99) - 1]);
    }
}
