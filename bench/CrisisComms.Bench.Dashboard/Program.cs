// 500 connected partner dashboards and a new post: how long until every one of them has it?
//
//   dotnet run -c Release --project bench/CrisisComms.Bench.Dashboard -- [--dashboards 500] [--rounds 10]
//
// The whole server runs embedded in this process on a loopback port; each dashboard is a SignalR
// connection (WebSockets) of its own partner, with access to the incident, watching it as the page
// does. Each round publishes a post through drafting's API (release → publishing → events →
// dashboard projection → live push) and times, for every dashboard, the arrival of the line that
// shows the post. The baseline, in the same process on the same connections, is SignalR alone:
// the same group sent one line straight from the hub context. Figures are ratios against it.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using CrisisComms.Server;
using CrisisComms.Web.Live;
using CrisisComms.Web.Partners;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var dashboards = Option("--dashboards", 500);
var rounds = Option("--rounds", 10);
var port = FreePort();
var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
var data = Path.Combine(Path.GetTempPath(), $"crisiscomms-bench-dashboard-{Guid.NewGuid():N}");

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.WebHost.UseUrls(address.ToString().TrimEnd('/'));
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["CrisisComms:Services"] = "all",
    ["CrisisComms:Infrastructure"] = "embedded",
    ["CrisisComms:DataDirectory"] = data,
    ["CrisisComms:Demo:Enabled"] = "false",
    ["CrisisComms:LogFormat"] = "text",
    ["CrisisComms:InstanceId"] = "bench-dashboard",
    ["CrisisComms:Web:ApiBaseAddress"] = address.ToString(),
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
});
var platform = builder.AddPlatform([]);
platform.AddServices();
await using var app = platform.Build();
await app.StartAsync();
var connections = new List<HubConnection>();
try
{
    var tokens = app.Services.GetRequiredService<ApiTokens>();
    using var api = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    api.DefaultRequestHeaders.Authorization = new("Bearer", tokens.Issue(new TokenSubject("bench", "Bench officer", [Roles.Officer, Roles.Approver]), TimeSpan.FromHours(2)));
    using var opened = await api.PostAsJsonAsync("/api/v1/incidents", new { title = "River Exe flooding", shortName = "flood", severity = "Major", areas = new[] { "Exeter" }, acceptHashtagInUse = true });
    opened.EnsureSuccessStatusCode();
    var incident = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    await UntilAsync(async () => (await api.GetAsync(new Uri($"/api/v1/dashboard/incidents/{incident}", UriKind.Relative))).IsSuccessStatusCode, "incident projected");

    // One partner per dashboard, each granted the incident as an accepted invite grants it.
    var partners = Enumerable.Range(0, dashboards).Select(_ => Guid.NewGuid()).ToList();
    await using (var scope = app.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        db.PartnerAccess.AddRange(partners.Select(p => new PartnerAccess { Id = Guid.NewGuid(), IncidentId = incident, UserId = p, Organisation = "Bench partner", GrantedAt = DateTimeOffset.UtcNow }));
        await db.SaveChangesAsync();
    }

    // Arrival of a marker, per dashboard: (round marker, connection index) → elapsed ticks since the round began.
    var arrivals = new ConcurrentDictionary<(string Marker, int Dashboard), long>();
    var clock = Stopwatch.StartNew();
    var connectWatch = Stopwatch.StartNew();
    foreach (var chunk in partners.Select((p, i) => (p, i)).Chunk(50))
    {
        await Task.WhenAll(chunk.Select(async pair =>
        {
            var token = tokens.Issue(new TokenSubject(pair.p.ToString(), $"Partner {pair.i}", [Roles.Partner]), TimeSpan.FromHours(2));
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(address, LiveHub.Path), o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                })
                .Build();
            connection.On<Guid, JsonElement>("timeline", (_, lines) =>
            {
                var now = clock.ElapsedTicks;
                foreach (var line in lines.EnumerateArray())
                {
                    var summary = line.GetProperty("summary").GetString() ?? string.Empty;
                    var marker = summary.Contains("bench-", StringComparison.Ordinal) ? summary[summary.IndexOf("bench-", StringComparison.Ordinal)..].Split('"', ' ')[0] : null;
                    if (marker is not null)
                    {
                        arrivals.TryAdd((marker, pair.i), now);
                    }
                }
            });
            await connection.StartAsync();
            if (!await connection.InvokeAsync<bool>("Watch", incident))
            {
                throw new InvalidOperationException($"dashboard {pair.i} may not watch the incident");
            }

            lock (connections)
            {
                connections.Add(connection);
            }
        }));
    }

    Console.WriteLine($"{dashboards} dashboards connected and watching in {connectWatch.Elapsed.TotalSeconds:0.0} s");
    var hub = app.Services.GetRequiredService<IHubContext<LiveHub>>();

    // Warm-up: one of each, not counted.
    await BaselineRoundAsync("bench-warm-b");
    await PostRoundAsync("bench-warm-p");

    var baseline = new List<double>();
    var measured = new List<double>();
    var allMeasured = new List<double>();
    var allBaseline = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var (worstB, everyB) = await BaselineRoundAsync($"bench-b{r}");
        var (worstP, everyP) = await PostRoundAsync($"bench-p{r}");
        baseline.Add(worstB);
        measured.Add(worstP);
        allBaseline.AddRange(everyB);
        allMeasured.AddRange(everyP);
    }

    Console.WriteLine();
    Console.WriteLine($"Rounds: {rounds}; dashboards per round: {dashboards}; all in one process on 127.0.0.1 ({Environment.ProcessorCount} cores)");
    Console.WriteLine($"{"",-44}{"p50 (ms)",10}{"p95 (ms)",10}{"max (ms)",10}");
    Row("baseline: SignalR group send, per dashboard", allBaseline);
    Row("post: publish → shown, per dashboard", allMeasured);
    Row("baseline: last dashboard of a round", baseline);
    Row("post: last dashboard of a round", measured);
    Console.WriteLine();
    Console.WriteLine($"ratio post/baseline (last dashboard, median of rounds): {Percentile(measured, 50) / Percentile(baseline, 50):0.0}x");
    Console.WriteLine($"every dashboard within 1 s in every round: {(measured.Max() <= 1000 ? "yes" : "NO")} (worst round: {measured.Max():0} ms)");

    async Task<(double Worst, List<double> Every)> BaselineRoundAsync(string marker)
    {
        var started = clock.ElapsedTicks;
        await hub.Clients.Group(LiveHub.PartnerGroup(incident)).SendAsync("timeline", incident, new[] { new { id = 0, at = DateTimeOffset.UtcNow, kind = "baseline", summary = $"Baseline \"{marker}\"", post = false } });
        return await CollectAsync(marker, started);
    }

    async Task<(double Worst, List<double> Every)> PostRoundAsync(string marker)
    {
        var started = clock.ElapsedTicks;
        // Published: the officer presses Submit and the post is released to its channels (no approval asked).
        using var created = await api.PostAsJsonAsync("/api/v1/drafts", new
        {
            incidentId = incident,
            headline = $"Road update {marker}",
            body = $"Bonhay Road remains closed. Use the Exe Bridges. ({marker})",
            channels = new[] { "web", "x" },
            submit = true,
        });
        created.EnsureSuccessStatusCode();
        return await CollectAsync(marker, started);
    }

    async Task<(double Worst, List<double> Every)> CollectAsync(string marker, long started)
    {
        await UntilAsync(() => Task.FromResult(Enumerable.Range(0, dashboards).All(i => arrivals.ContainsKey((marker, i)))), $"{marker} on every dashboard");
        var every = Enumerable.Range(0, dashboards).Select(i => (arrivals[(marker, i)] - started) * 1000.0 / Stopwatch.Frequency).ToList();
        return (every.Max(), every);
    }
}
finally
{
    foreach (var connection in connections)
    {
        await connection.DisposeAsync();
    }

    await app.StopAsync();
    SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
    }
}

static void Row(string name, List<double> values) =>
    Console.WriteLine($"{name,-44}{Percentile(values, 50),10:0.0}{Percentile(values, 95),10:0.0}{values.Max(),10:0.0}");

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Clamp(Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static async Task UntilAsync(Func<Task<bool>> done, string what)
{
    var deadline = Stopwatch.StartNew();
    while (!await done())
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException($"gave up waiting for {what}");
        }

        await Task.Delay(5);
    }
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : at >= 0 ? throw new ArgumentException($"{name} takes a positive whole number") : fallback;
}
