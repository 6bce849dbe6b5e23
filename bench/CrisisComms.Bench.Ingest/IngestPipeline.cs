using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Bench.Ingest;

/// <summary>
/// The whole monitoring service on the real servers (RabbitMQ bus, Redis dedupe, PostgreSQL store), fed
/// Meta comment webhooks — several comments per delivery as Meta batches them, or one per delivery (the
/// worst case) — each signed as Meta signs it. A delivery is "accepted" when the endpoint answers 200:
/// signature checked, body parsed, Redis claimed, published to RabbitMQ and confirmed by the broker. It is "delivered" when triage's queue hands over its
/// <see cref="MentionReceived"/>: stored once in PostgreSQL and announced through the outbox.
/// </summary>
internal sealed class IngestPipeline : IAsyncDisposable
{
    private static readonly Uri Webhook = new("http://localhost/api/v1/monitoring/webhooks/facebook");
    private readonly ServiceHost _host;
    private readonly FakeGraphApi _graph;
    private readonly FakeFacebookPost _post;
    private readonly Arrivals _arrivals;
    private int _residents;

    private IngestPipeline(ServiceHost host, FakeGraphApi graph, FakeFacebookPost post, Arrivals arrivals)
    {
        _host = host;
        _graph = graph;
        _post = post;
        _arrivals = arrivals;
    }

    /// <summary>A comment webhook's body, for the raw probe's messages to be the same size.</summary>
    public static byte[] SampleBody { get; } = Encoding.UTF8.GetBytes(new string('x', 900));

    public static async Task<IngestPipeline> StartAsync(Isolated corner)
    {
        var graph = await FakeGraphApi.StartAsync();
        var arrivals = new Arrivals();
        var host = await ServiceHost.StartAsync(o =>
        {
            o.Infrastructure = corner;
            o.Services.Add("monitoring");
            o.Settings["CrisisComms:Outbox:PollInterval"] = "00:00:01";
            o.Settings["CrisisComms:Monitoring:TickInterval"] = "01:00:00";
            o.Settings["CrisisComms:Monitoring:HealthInterval"] = "01:00:00";
            o.Settings["CrisisComms:Monitoring:VolumeInterval"] = "00:01:00";
            o.ConfigurePlatform = platform =>
            {
                platform.Services.AddSingleton(arrivals);
                platform.AddConsumers(bus => bus.AddConsumer<ArrivalConsumer>());
            };
        });
        await host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/monitoring/accounts/facebook", new
        {
            enabled = true,
            settings = new { baseUrl = graph.BaseAddress + "v21.0", pageId = graph.PageId },
            credentials = new { pageAccessToken = graph.PageAccessToken, appSecret = graph.AppSecret, verifyToken = "bench" },
        });
        var post = graph.PagePost("Flood update: the A377 is closed at Cowley Bridge");
        return new IngestPipeline(host, graph, post, arrivals);
    }

    /// <summary>
    /// Delivers <paramref name="mentions"/> new comments, <paramref name="batch"/> per webhook delivery, as fast as
    /// <paramref name="concurrency"/> senders can.
    /// </summary>
    public async Task<RunFigure> RunBurstAsync(int mentions, int batch, int concurrency, string label)
    {
        var deliveries = Prepare(mentions, batch);
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        var senders = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < deliveries.Length)
            {
                await SendAsync(deliveries[i], started);
            }
        });
        await Task.WhenAll(senders);
        var figure = await FinishAsync(deliveries, started, label);
        Console.WriteLine($"{label}: {figure.Summary}");
        return figure;
    }

    /// <summary>Delivers <paramref name="rate"/> new comments a second, one per delivery, each sent when due (a late answer does not delay the next).</summary>
    public async Task<RunFigure> RunSteadyAsync(int rate, int seconds)
    {
        var count = rate * seconds;
        var deliveries = Prepare(count, 1);
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            // Latency counts from when the item was due, not when it happened to be sent (no coordinated omission).
            inFlight.Add(SendAsync(deliveries[i], started + (long)(due.TotalSeconds * Stopwatch.Frequency)));
        }

        await Task.WhenAll(inFlight);
        var figure = await FinishAsync(deliveries, started, "steady");
        Console.WriteLine($"steady {rate}/s: {figure.Summary}");
        return figure;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _graph.DisposeAsync();
    }

    /// <summary><paramref name="count"/> new comments in deliveries of <paramref name="batch"/> (the last one may hold fewer), each signed as Meta signs it.</summary>
    private Delivery[] Prepare(int count, int batch)
    {
        var comments = new List<FakeFacebookPost>(count);
        for (var i = 0; i < count; i++)
        {
            var resident = _residents++ % 5_000;
            var comment = _graph.Comment(_post.Id, $"{100_000 + resident}", $"Resident {resident}", $"Is the A377 still closed near Cowley Bridge? #DCCFlood ({i})");
            comments.Add(comment);
            _arrivals.Expect(comment.Id);
        }

        return comments.Chunk(batch).Select(chunk =>
        {
            var body = Encoding.UTF8.GetBytes(_graph.CommentsWebhook(chunk));
            return new Delivery(chunk.Select(c => c.Id).ToArray(), body, _graph.Sign(body));
        }).ToArray();
    }

    private async Task SendAsync(Delivery delivery, long from)
    {
        delivery.DueAt = from;
        using var request = new HttpRequestMessage(HttpMethod.Post, Webhook) { Content = new ByteArrayContent(delivery.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", delivery.Signature);
        using var response = await _host.AnonymousClient.SendAsync(request);
        delivery.AnsweredAt = Stopwatch.GetTimestamp();
        delivery.Status = response.StatusCode;
    }

    private async Task<RunFigure> FinishAsync(Delivery[] deliveries, long started, string label)
    {
        var ok = deliveries.Where(d => d.Status == HttpStatusCode.OK).ToList();
        var acceptedAt = deliveries.Max(d => d.AnsweredAt);
        var ids = ok.SelectMany(d => d.NativeIds).ToList();
        var arrived = await _arrivals.WaitAsync(ids, TimeSpan.FromMinutes(5));
        var deliveredAt = ids.Select(id => _arrivals.FirstAt(id) ?? 0).DefaultIfEmpty(0).Max();
        return new RunFigure(
            label,
            deliveries.Sum(d => d.NativeIds.Count),
            deliveries.Length,
            ids.Count,
            arrived,
            _arrivals.Repeats(ids),
            Stopwatch.GetElapsedTime(started, acceptedAt),
            Stopwatch.GetElapsedTime(started, deliveredAt),
            ok.SelectMany(d => d.NativeIds.Select(_ => Stopwatch.GetElapsedTime(d.DueAt, d.AnsweredAt))).ToList(),
            deliveries.SelectMany(d => d.NativeIds.Where(id => _arrivals.FirstAt(id) is not null).Select(id => Stopwatch.GetElapsedTime(d.DueAt, _arrivals.FirstAt(id)!.Value))).ToList());
    }

    private sealed class Delivery(IReadOnlyList<string> nativeIds, byte[] body, string signature)
    {
        public IReadOnlyList<string> NativeIds { get; } = nativeIds;

        public byte[] Body { get; } = body;

        public string Signature { get; } = signature;

        public long DueAt { get; set; }

        public long AnsweredAt { get; set; }

        public HttpStatusCode Status { get; set; }
    }
}

/// <summary>When each expected mention first reached triage's side of the bus, and how often it came.</summary>
internal sealed class Arrivals
{
    private readonly ConcurrentDictionary<string, long> _first = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _times = new(StringComparer.Ordinal);

    public void Expect(string nativeId) => _times.TryAdd(nativeId, 0);

    public void Arrived(string nativeId)
    {
        _first.TryAdd(nativeId, Stopwatch.GetTimestamp());
        _times.AddOrUpdate(nativeId, 1, (_, n) => n + 1);
    }

    public long? FirstAt(string nativeId) => _first.TryGetValue(nativeId, out var at) ? at : null;

    public int Repeats(IEnumerable<string> nativeIds) => nativeIds.Sum(id => Math.Max(0, _times.GetValueOrDefault(id) - 1));

    public async Task<int> WaitAsync(IReadOnlyCollection<string> nativeIds, TimeSpan patience)
    {
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(nativeIds.All(_first.ContainsKey)), patience, $"{nativeIds.Count} mentions delivered");
        }
        catch (TimeoutException e)
        {
            Console.Error.WriteLine(e.Message);
        }

        return nativeIds.Count(_first.ContainsKey);
    }
}

/// <summary>Stands where triage stands: a consumer of <see cref="MentionReceived"/> on its own queue.</summary>
internal sealed class ArrivalConsumer(Arrivals arrivals) : IConsumer<MentionReceived>
{
    public Task Consume(ConsumeContext<MentionReceived> context)
    {
        arrivals.Arrived(context.Message.NativeId);
        return Task.CompletedTask;
    }
}
