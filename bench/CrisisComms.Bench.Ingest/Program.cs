using CrisisComms.Bench.Ingest;
using CrisisComms.Testing.Infrastructure;

// Issue 5, point 8: a burst at the rate X reported for the 2011 Virginia earthquake (5,500 posts/s)
// through signature check and parse → Redis dedupe → RabbitMQ, as a ratio against a raw
// RabbitMQ.Client publish/consume probe on the same broker in the same process; then p50/p99 ingest
// latency at a steady 250/s. Real servers: the ones named by CRISISCOMMS_TEST_* or private ones.
var settings = BenchSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(BenchSettings.Usage);
    return 2;
}

Console.WriteLine($"Ingest benchmark: burst {settings.Burst} mentions, {settings.Concurrency} concurrent deliveries; steady {settings.SteadyRate}/s for {settings.SteadySeconds} s; {Environment.ProcessorCount} cores");
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
await pipeline.RunBurstAsync(Math.Min(2_000, settings.Burst), settings.Concurrency, label: "warm-up");
var burst = await pipeline.RunBurstAsync(settings.Burst, settings.Concurrency, label: "burst");
var steady = await pipeline.RunSteadyAsync(settings.SteadyRate, settings.SteadySeconds);

Report.Print(settings, baseline, burst, steady);
return burst.Complete && steady.Complete ? 0 : 1;
