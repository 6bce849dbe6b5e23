using System.Net;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrisisComms.Monitoring.Tests.Support;

/// <summary>
/// A whole server (embedded, MassTransit's test harness) whose clock the test turns: the scheduler's tick
/// is slowed to an hour so polls happen when the test asks, and time moves only when the test says.
/// </summary>
public abstract class MonitoringTest : HostedTest
{
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected CapturedLogs Logs { get; } = new();

    protected override void Configure(ServiceHostOptions options)
    {
        options.Logs = Logs;
        options.Settings["CrisisComms:Monitoring:TickInterval"] = "01:00:00";
        options.Settings["CrisisComms:Monitoring:HealthInterval"] = "01:00:00";
        options.Settings["CrisisComms:Monitoring:VolumeInterval"] = "01:00:00";
        options.Settings["CrisisComms:Monitoring:CallTimeout"] = "00:00:10";
        options.ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    protected Task SetAccountAsync(string key, object settings, object credentials, bool enabled = true) =>
        Host.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/monitoring/accounts/{key}", new { enabled, settings, credentials });

    internal Task<PollReport> PollAsync(string source, bool evenIfNotDue = true) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<SourcePoller>().PollAsync(source, evenIfNotDue, CancellationToken.None));

    internal Task<SourceState?> StateAsync(string source) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<MonitoringDbContext>().SourceStates.AsNoTracking().FirstOrDefaultAsync(s => s.Key == source));

    internal Task<List<Mentions.Mention>> StoredAsync(string channel) =>
        Host.InScopeAsync(sp => sp.GetRequiredService<MonitoringDbContext>().Mentions.AsNoTracking().Where(m => m.Channel == channel).OrderBy(m => m.NativeId).ToListAsync());

    /// <summary>Every MentionReceived announced for <paramref name="channel"/>, once the outbox has sent <paramref name="expected"/> of them.</summary>
    protected async Task<List<MentionReceived>> AnnouncedAsync(string channel, int expected)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.Channel == channel).Count() >= expected),
            Patience,
            $"{expected} mentions on {channel} announced");

        // Nothing more is on its way: the outbox is empty.
        await Eventually.TrueAsync(
            () => Host.InScopeAsync(async sp => !await sp.GetRequiredService<MonitoringDbContext>().OutboxMessages.AnyAsync(o => o.DispatchedAt == null)),
            Patience,
            "the outbox drained");
        return Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.Channel == channel).Select(m => m.Context.Message).ToList();
    }

    protected Task<System.Text.Json.JsonElement> SourceAsync(string source) => Eventually.GetAsync(
        async () => (await Host.Client.GetJsonAsync("/api/v1/monitoring/sources")).EnumerateArray().FirstOrDefault(s => s.Text("source") == source),
        s => s.ValueKind == System.Text.Json.JsonValueKind.Object,
        Patience,
        $"source {source} listed");

    protected static void AssertNoViolations(CrisisComms.Testing.Fakes.FakeApi fake) =>
        Xunit.Assert.True(fake.Violations.IsEmpty, string.Join("\n", fake.Violations));

    protected static HttpStatusCode Status(HttpResponseMessage response) => response.StatusCode;
}
