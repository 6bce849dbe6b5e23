using System.Net;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Monitoring.Volume;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Platform.State;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace CrisisComms.Monitoring.Tests;

/// <summary>Monitoring on RabbitMQ, PostgreSQL and Redis: restarts, Redis lost mid-run, replicas competing.</summary>
[Collection(RealServersCollection.Name)]
public sealed class ReplicaTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly FakeXUser Resident = new("2001", "exeter_resident", "Sam Resident", 312);

    [Fact]
    public async Task A_restart_mid_backlog_resumes_from_the_cursor_and_every_mention_reaches_triage_exactly_once()
    {
        await using var infrastructure = await servers.IsolateAsync("restart");
        await using var x = await FakeXApi.StartAsync();
        var log = new MentionLog();
        for (var i = 0; i < 230; i++)
        {
            x.Post(Resident, $"@DemoCountyCouncil backlog {i}");
        }

        await using (var first = await StartAsync(infrastructure, log))
        {
            await ConnectXAsync(first, x);
            x.FailWhen = q => q.ContainsKey("until_id") ? 503 : null;
            var partial = await PollAsync(first, SourceTypes.XMentions);
            Assert.Equal((PollOutcome.Failed, 100), (partial.Outcome, partial.New));
        }

        // While it was down, more was said.
        for (var i = 0; i < 20; i++)
        {
            x.Post(Resident, $"@DemoCountyCouncil while down {i}");
        }

        // The restart comes after the failed poll's backoff (at most 15 minutes) has run out.
        x.FailWhen = null;
        await using var second = await StartAsync(infrastructure, log, clock: new ShiftedClock(TimeSpan.FromMinutes(16)));

        // The restarted replica's own schedule may poll too (the source is overdue): whichever poll runs takes the
        // lease, finishes the interrupted round down from the oldest stored, then reads what is newer.
        await Eventually.TrueAsync(
            async () =>
            {
                await PollAsync(second, SourceTypes.XMentions);
                return log.DistinctNativeIds >= 250;
            },
            Patience,
            "250 mentions announced");
        await DrainedAsync(second);

        Assert.Equal(250, log.DistinctNativeIds);
        Assert.Empty(log.AnnouncedTwice);
        Assert.Equal(250, await second.InScopeAsync(sp => sp.GetRequiredService<MonitoringDbContext>().Mentions.CountAsync()));

        // Only the very first request read from the start; after the restart every request began at the cursor.
        Assert.Single(x.Requests, r => r.Contains("/mentions", StringComparison.Ordinal) && !r.Contains("until_id", StringComparison.Ordinal) && !r.Contains("since_id", StringComparison.Ordinal));
        Assert.Empty(x.Violations);
    }

    [Fact]
    public async Task Redis_losing_everything_mid_run_lets_no_duplicate_through_leaves_no_gap_and_the_volume_is_recounted()
    {
        await using var infrastructure = await servers.IsolateAsync("flush");
        await using var x = await FakeXApi.StartAsync();
        await using var graph = await FakeGraphApi.StartAsync();
        var log = new MentionLog();
        await using var host = await StartAsync(infrastructure, log);
        await ConnectXAsync(host, x);
        await host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/monitoring/accounts/facebook", new
        {
            enabled = true,
            settings = new { baseUrl = graph.BaseAddress + "v21.0", pageId = graph.PageId },
            credentials = new { pageAccessToken = graph.PageAccessToken, appSecret = graph.AppSecret, verifyToken = "verify-me" },
        });
        var before = Enumerable.Range(0, 40).Select(i => x.Post(Resident, $"@DemoCountyCouncil before #DCCFlood {i}")).ToList();
        var post = graph.PagePost("Flood update");
        var comments = Enumerable.Range(0, 5).Select(i => graph.Comment(post.Id, $"90{i}", $"Person {i}", $"Comment {i}")).ToList();
        await PollAsync(host, SourceTypes.XMentions);
        foreach (var comment in comments)
        {
            using var delivered = await graph.SendWebhookAsync(new Uri("http://localhost/api/v1/monitoring/webhooks/facebook"), graph.CommentWebhook(comment), client: host.AnonymousClient);
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        await Eventually.TrueAsync(() => Task.FromResult(log.DistinctNativeIds >= 45), Patience, "45 mentions announced");

        await FlushAsync(infrastructure);

        // Everything Redis knew is gone: the same webhooks delivered again, and a new search over the same posts.
        foreach (var comment in comments)
        {
            using var again = await graph.SendWebhookAsync(new Uri("http://localhost/api/v1/monitoring/webhooks/facebook"), graph.CommentWebhook(comment), client: host.AnonymousClient);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        await host.Get<IBus>().Publish(new IncidentOpened(Guid.NewGuid(), "Demo County Council", "Flood", "#DCCFlood", "Major", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await host.Client.GetJsonAsync("/api/v1/monitoring/sources")).EnumerateArray().Any(s => s.Text("source") == "x-search:#DCCFlood"), Patience, "the tag searched");
        var after = Enumerable.Range(0, 10).Select(i => x.Post(Resident, $"@DemoCountyCouncil after #DCCFlood {i}")).ToList();
        var search = await PollAsync(host, "x-search:#DCCFlood");
        var mentions = await PollAsync(host, SourceTypes.XMentions);
        await Eventually.TrueAsync(() => Task.FromResult(log.DistinctNativeIds >= 55), Patience, "55 mentions announced");
        await DrainedAsync(host);
        var recounted = await host.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<VolumeCheck>().RunAsync(CancellationToken.None);
            var stored = await sp.GetRequiredService<MonitoringDbContext>().Mentions.CountAsync();
            var now = DateTimeOffset.UtcNow;
            var counted = (await sp.GetRequiredService<ICounterStore>().GetAsync(VolumeSeries.All, now.AddHours(-2), now.AddMinutes(1))).Sum(p => p.Count);
            return (stored, counted);
        });

        // The search finds the 40 posts stored before the flush (duplicates, by the database) and the 10 new; the
        // mentions poll then finds those 10 already stored by the search: one item each.
        Assert.Equal((10, 40, 0, 10), (search.New, search.Duplicates, mentions.New, mentions.Duplicates));
        Assert.Equal(55, log.DistinctNativeIds);
        Assert.Empty(log.AnnouncedTwice);
        Assert.Equal(before.Concat(after).Select(p => p.Id).Concat(comments.Select(c => c.Id)).Order(StringComparer.Ordinal),
            log.Deliveries.Select(d => d.Mention.NativeId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(recounted.stored, recounted.counted);
    }

    [Fact]
    public async Task Two_replicas_never_poll_one_source_at_once_and_a_stale_fencing_token_cannot_move_the_cursor()
    {
        await using var infrastructure = await servers.IsolateAsync("lease");
        await using var x = await FakeXApi.StartAsync();
        var log = new MentionLog();
        await using var a = await StartAsync(infrastructure, log);
        await using var b = await StartAsync(infrastructure, log);
        await ConnectXAsync(a, x);
        x.Post(Resident, "@DemoCountyCouncil one");

        x.Faults.Hold();
        var polling = PollAsync(a, SourceTypes.XMentions);
        await Eventually.TrueAsync(() => Task.FromResult(x.Faults.Held == 1), Patience, "replica A waiting on X");
        var competing = await PollAsync(b, SourceTypes.XMentions);
        x.Faults.Release();
        var polled = await polling;

        Assert.Equal(PollOutcome.LeaseHeld, competing.Outcome);
        Assert.Equal((PollOutcome.Polled, 1), (polled.Outcome, polled.New));
        Assert.Equal(1, x.Requests.Count(r => r.Contains("/mentions", StringComparison.Ordinal)));

        // A poll that lost its lease (A, paused) and one that took over (B): only the newer token moves the cursor.
        var fenceA = await a.InScopeAsync(sp => sp.GetRequiredService<SourcePoller>().TakeFenceAsync(SourceTypes.XMentions, "replica-a", CancellationToken.None));
        var fenceB = await b.InScopeAsync(sp => sp.GetRequiredService<SourcePoller>().TakeFenceAsync(SourceTypes.XMentions, "replica-b", CancellationToken.None));
        var byB = await StorePageAsync(b, fenceB!.Value, "1990000000000000002", """{"since":"1990000000000000002"}""");
        var byA = await StorePageAsync(a, fenceA!.Value, "1990000000000000001", """{"since":"1990000000000000001"}""");
        var state = await a.InScopeAsync(sp => sp.GetRequiredService<MonitoringDbContext>().SourceStates.AsNoTracking().SingleAsync(s => s.Key == SourceTypes.XMentions));
        var stored = await a.InScopeAsync(sp => sp.GetRequiredService<MonitoringDbContext>().Mentions.Select(m => m.NativeId).ToListAsync());

        Assert.True(fenceB > fenceA);
        Assert.False(byB.Refused);
        Assert.True(byA.Refused);
        Assert.Equal("""{"since":"1990000000000000002"}""", state.Cursor);
        Assert.Contains("1990000000000000002", stored);
        Assert.DoesNotContain("1990000000000000001", stored);
    }

    [Fact]
    public async Task On_the_schedule_two_replicas_share_the_polling_and_each_mention_is_announced_once()
    {
        await using var infrastructure = await servers.IsolateAsync("schedule");
        await using var x = await FakeXApi.StartAsync();
        var log = new MentionLog();
        await using var a = await StartAsync(infrastructure, log, tick: "00:00:01");
        await using var b = await StartAsync(infrastructure, log, tick: "00:00:01");
        await a.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/monitoring/accounts/x", new
        {
            enabled = true,
            settings = new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, pollSeconds = 1 },
            credentials = new { bearerToken = x.AppBearerToken },
        });

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                x.Post(Resident, $"@DemoCountyCouncil round {round} item {i}");
            }

            var expected = (round + 1) * 10;
            await Eventually.TrueAsync(() => Task.FromResult(log.DistinctNativeIds >= expected), Patience, $"{expected} mentions announced by the scheduled polls");
        }

        await DrainedAsync(a);
        Assert.Equal(30, log.DistinctNativeIds);
        Assert.Empty(log.AnnouncedTwice);
        Assert.Empty(x.Violations);
    }

    private static async Task<StoreOutcome> StorePageAsync(ServiceHost host, long fence, string id, string cursor) => await host.InScopeAsync(async sp =>
    {
        var resolved = (await sp.GetRequiredService<SourceCatalog>().ResolveAsync(SourceTypes.XMentions, CancellationToken.None))!;
        var page = new SourcePage([new CapturedMention(id, "@someone", "@DemoCountyCouncil fenced", DateTimeOffset.UtcNow)], [], cursor, More: false);
        return await sp.GetRequiredService<SourcePoller>().StorePageAsync(resolved, page, fence, CancellationToken.None);
    });

    private static Task<PollReport> PollAsync(ServiceHost host, string source) =>
        host.InScopeAsync(sp => sp.GetRequiredService<SourcePoller>().PollAsync(source, evenIfNotDue: true, CancellationToken.None));

    private static Task ConnectXAsync(ServiceHost host, FakeXApi x) =>
        host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/monitoring/accounts/x", new
        {
            enabled = true,
            settings = new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId },
            credentials = new { bearerToken = x.AppBearerToken },
        });

    private static Task DrainedAsync(ServiceHost host) => Eventually.TrueAsync(
        () => host.InScopeAsync(async sp => !await sp.GetRequiredService<MonitoringDbContext>().OutboxMessages.AnyAsync(o => o.DispatchedAt == null)),
        Patience,
        "the outbox drained");

    /// <summary>Everything this deployment kept in Redis, gone: as a flush or a failover without data would leave it.</summary>
    private static async Task FlushAsync(Isolated infrastructure)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.Redis);
        var keys = new List<RedisKey>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: infrastructure.RedisKeyPrefix + "*"))
        {
            keys.Add(key);
        }

        Assert.NotEmpty(keys);
        await redis.GetDatabase().KeyDeleteAsync([.. keys]);
    }

    private static Task<ServiceHost> StartAsync(Isolated infrastructure, MentionLog log, string tick = "01:00:00", TimeProvider? clock = null) => ServiceHost.StartAsync(o =>
    {
        if (clock is not null)
        {
            o.ConfigureServices = services => services.AddSingleton(clock);
        }

        o.Infrastructure = infrastructure;
        o.Services.Add("monitoring");
        o.Settings["CrisisComms:Monitoring:TickInterval"] = tick;
        o.Settings["CrisisComms:Monitoring:HealthInterval"] = "01:00:00";
        o.Settings["CrisisComms:Monitoring:VolumeInterval"] = "01:00:00";
        o.Settings["CrisisComms:Bus:RetryMinInterval"] = "00:00:00.050";
        o.ConfigurePlatform = log.AddTo;
    });
}
