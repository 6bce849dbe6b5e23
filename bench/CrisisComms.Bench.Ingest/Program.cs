using CrisisComms.Bench.Ingest;
using CrisisComms.Testing.Infrastructure;

// Issue 5, point 8: a burst at the rate X reported for the 2011 Virginia earthquake (5,500 posts/s)
// through signature check and parse → Redis dedupe → RabbitMQ, as a ratio against a raw
// RabbitMQ.Client publish/consume probe on the same broker in the same process — with comments batched
// per delivery as Meta sends them, and one per delivery (the worst case); then p50/p99 ingest latency
// at a steady 250/s. Real servers: the ones named by CRISISCOMMS_TEST_* or private ones.
var settings = BenchSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

Console.WriteLine($"Ingest benchmark: burst {settings.Burst} mentions ({settings.Batch} per delivery, then 1 per delivery), {settings.Concurrency} concurrent deliveries; steady {settings.SteadyRate}/s for {settings.SteadySeconds} s; {Environment.ProcessorCount} cores");
await using var servers = await RealServers.AcquireAsync();
Console.WriteLine($"servers: {servers.Endpoints.Origin}");

await using (var warm = await Isolated.CreateAsync(servers.Endpoints, "bench_warm"))
{
    // JIT, pools and the broker's first queue declarations, measured by nobody.
    await RawProbe.RunAsync(warm, Math.Min(2_000, settings.Burst), settings.Concurrency, IngestPipeline.SampleBody);
}

RateFigure baseline;
await using (var probeCorner = await Isolated.CreateAsync(servers.Endpoints, "bench_probe"))
{
    baseline = await RawProbe.RunAsync(probeCorner, settings.Burst, settings.Concurrency, IngestPipeline.SampleBody);
}

await using var corner = await Isolated.CreateAsync(servers.Endpoints, "bench_ingest");
await using var pipeline = await IngestPipeline.StartAsync(corner);
await pipeline.RunBurstAsync(Math.Min(2_000, settings.Burst), 1, settings.Concurrency, label: "warm-up, 1 per delivery");
await pipeline.RunBurstAsync(Math.Min(2_000, settings.Burst), settings.Batch, settings.Concurrency, label: $"warm-up, {settings.Batch} per delivery");
var batched = await pipeline.RunBurstAsync(settings.Burst, settings.Batch, settings.Concurrency, label: $"burst, {settings.Batch} per delivery");
var single = await pipeline.RunBurstAsync(settings.Burst, 1, settings.Concurrency, label: "burst, 1 per delivery");
var steady = await pipeline.RunSteadyAsync(settings.SteadyRate, settings.SteadySeconds);

Report.Print(settings, baseline, batched, single, steady);
return batched.Complete && single.Complete && steady.Complete ? 0 : 1;
