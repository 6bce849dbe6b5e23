using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Contracts.Platform;
using CrisisComms.Platform.Tests.Probe;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Platform.Tests;

/// <summary>The platform on RabbitMQ, PostgreSQL and Redis, with two replicas where it matters.</summary>
[Collection(RealServersCollection.Name)]
public sealed class RealInfrastructureTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Replicas_starting_at_once_on_an_empty_database_all_come_up()
    {
        // Compose and the split tests start every process together: each migrates the shared platform
        // schema and seeds roles, and neither CREATE SCHEMA IF NOT EXISTS nor EF's migrator is safe
        // against a concurrent twin. Each replica has a vhost of its own: RabbitMQ 3.10 (the Debian
        // package these tests run on; compose runs 3.13) answers INTERNAL_ERROR when four connections
        // declare the same new quorum queues at once, which is not what this test is about.
        await using var infrastructure = await servers.IsolateAsync("together");
        var buses = new List<Isolated>();
        for (var i = 1; i < 4; i++)
        {
            buses.Add(await servers.IsolateAsync($"together-bus{i}"));
        }

        var starting = new[] { infrastructure }.Concat(buses)
            .Select(bus => StartAsync(infrastructure, ("ConnectionStrings:rabbitmq", bus.RabbitMq)))
            .ToList();
        try
        {
            var hosts = await Task.WhenAll(starting);

            foreach (var host in hosts)
            {
                using var ready = await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }
        }
        finally
        {
            foreach (var host in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await (await host).DisposeAsync();
            }

            foreach (var bus in buses)
            {
                await bus.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Two_replicas_share_the_work_and_apply_each_message_once()
    {
        await using var infrastructure = await servers.IsolateAsync("replicas");
        await using var a = await StartAsync(infrastructure);
        await using var b = await StartAsync(infrastructure);
        var bus = a.Get<IBus>();
        var ids = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(ids.Select((id, i) => bus.Publish(new ProbeCommand($"k{i}", "v"), c => c.MessageId = id)));
        // The broker redelivers a third of them (same message ids), to either replica.
        await Task.WhenAll(ids.Take(100).Select((id, i) => b.Get<IBus>().Publish(new ProbeCommand($"k{i}", "v"), c => c.MessageId = id)));

        var deliveries = await Eventually.GetAsync(
            () => a.InScopeAsync(sp => sp.GetRequiredService<ProbeDbContext>().Deliveries.AsNoTracking().ToListAsync()),
            d => d.Count >= 300,
            Patience,
            "300 ProbeRecorded delivered");
        var tallies = await a.InScopeAsync(sp => sp.GetRequiredService<ProbeDbContext>().Tallies.AsNoTracking().ToListAsync());

        Assert.Equal(300, tallies.Count);
        Assert.All(tallies, t => Assert.Equal(1, t.Count));
        // Each outbox row went out once, though both replicas' dispatchers were polling the same table.
        Assert.Equal(300, deliveries.Count);
        Assert.Equal(300, deliveries.Select(d => d.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task The_same_message_arriving_at_two_replicas_at_once_is_applied_once()
    {
        await using var infrastructure = await servers.IsolateAsync("race");
        await using var a = await StartAsync(infrastructure);
        await using var b = await StartAsync(infrastructure);
        var id = Guid.NewGuid();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? a : b).Get<IBus>().Publish(new ProbeCommand("same", "v"), c => c.MessageId = id)));

        await Eventually.TrueAsync(
            () => a.InScopeAsync(async sp => await sp.GetRequiredService<ProbeDbContext>().Deliveries.AnyAsync()),
            Patience,
            "the effect announced");
        var tally = await a.InScopeAsync(sp => sp.GetRequiredService<ProbeDbContext>().Tallies.AsNoTracking().SingleAsync());
        Assert.Equal(1, tally.Count);
    }

    [Fact]
    public async Task A_schedule_fires_once_across_the_cluster()
    {
        await using var infrastructure = await servers.IsolateAsync("schedule");
        await using var a = await StartAsync(infrastructure);
        await using var b = await StartAsync(infrastructure);
        var at = DateTimeOffset.UtcNow.AddSeconds(3);

        await a.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProbeDbContext>();
            for (var i = 0; i < 20; i++)
            {
                db.Outbox.Schedule(new ProbeRecorded($"s{i}", "later"), at);
            }

            return await db.SaveChangesAsync();
        });

        var deliveries = await Eventually.GetAsync(
            () => a.InScopeAsync(sp => sp.GetRequiredService<ProbeDbContext>().Deliveries.AsNoTracking().ToListAsync()),
            d => d.Count >= 20,
            Patience,
            "20 scheduled messages delivered");
        // Give a double firing the chance to show before counting.
        await Task.Delay(TimeSpan.FromSeconds(2));
        deliveries = await a.InScopeAsync(sp => sp.GetRequiredService<ProbeDbContext>().Deliveries.AsNoTracking().ToListAsync());

        Assert.Equal(20, deliveries.Count);
        Assert.Equal(20, deliveries.Select(d => d.Key).Distinct().Count());
    }

    [Fact]
    public async Task Queues_are_quorum_queues_with_a_delivery_limit_and_their_error_queues_exist_from_the_start()
    {
        await using var infrastructure = await servers.IsolateAsync("topology");
        await using var host = await StartAsync(infrastructure);
        using var management = RabbitMqManagement.Client(servers.Endpoints.RabbitMqManagement);
        var vhost = Uri.EscapeDataString(new Uri(infrastructure.RabbitMq).AbsolutePath.Trim('/'));

        var queue = await management.GetFromJsonAsync<JsonElement>(new Uri($"api/queues/{vhost}/probe-command", UriKind.Relative));
        var error = await management.GetFromJsonAsync<JsonElement>(new Uri($"api/queues/{vhost}/probe-command_error", UriKind.Relative));

        Assert.Equal("quorum", queue.GetProperty("arguments").GetProperty("x-queue-type").GetString());
        Assert.Equal(10, queue.GetProperty("arguments").GetProperty("x-delivery-limit").GetInt32());
        Assert.Equal("probe-command_error", queue.GetProperty("arguments").GetProperty("x-dead-letter-exchange").GetString());
        Assert.Equal("quorum", error.GetProperty("arguments").GetProperty("x-queue-type").GetString());
    }

    [Fact]
    public async Task A_poison_message_ends_in_the_error_queue_and_raises_a_visible_alert()
    {
        await using var infrastructure = await servers.IsolateAsync("poison");
        await using var host = await StartAsync(infrastructure);
        using var management = RabbitMqManagement.Client(servers.Endpoints.RabbitMqManagement);
        var vhost = Uri.EscapeDataString(new Uri(infrastructure.RabbitMq).AbsolutePath.Trim('/'));

        await host.Get<IBus>().Publish(new ProbeCommand("poison", "always fails", Fail: true));

        var alerts = await Eventually.GetAsync(
            () => host.Client.GetFromJsonAsync<List<PoisonMessageDetected>>("/api/v1/platform/alerts")!,
            a => a!.Count > 0,
            Patience,
            "a poison alert");
        var alert = Assert.Single(alerts!);
        Assert.Equal("probe-command", alert.Queue);
        Assert.Equal("probe-command_error", alert.ErrorQueue);
        Assert.Contains("fails on purpose", alert.Error, StringComparison.Ordinal);
        await Eventually.TrueAsync(
            async () => (await management.GetFromJsonAsync<JsonElement>(new Uri($"api/queues/{vhost}/probe-command_error", UriKind.Relative)))
                .TryGetProperty("messages", out var count) && count.GetInt32() == 1,
            Patience,
            "one message in probe-command_error");
        var tallies = await host.InScopeAsync(sp => sp.GetRequiredService<ProbeDbContext>().Tallies.CountAsync());
        Assert.Equal(0, tallies);
    }

    [Fact]
    public async Task Ready_reports_the_bus_database_and_redis_it_uses_and_fails_without_redis()
    {
        await using var infrastructure = await servers.IsolateAsync("ready");
        await using (var healthy = await StartAsync(infrastructure))
        {
            using var ready = await healthy.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var checks = body.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
            Assert.Contains("masstransit-bus", checks);
            Assert.Contains("database-web", checks);
            Assert.Contains("database-probe", checks);
            Assert.Contains("redis", checks);
        }

        await using var withoutRedis = await StartAsync(infrastructure, ("ConnectionStrings:redis", $"127.0.0.1:{FreePort.Next()},connectTimeout=500"));
        using var live = await withoutRedis.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var notReady = await withoutRedis.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        var report = await notReady.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
    }

    private static Task<ServiceHost> StartAsync(Isolated infrastructure, params (string Key, string Value)[] settings) => ServiceHost.StartAsync(o =>
    {
        o.Infrastructure = infrastructure;
        o.Services.Add("web");
        o.Settings["CrisisComms:Bus:Retries"] = "1";
        o.Settings["CrisisComms:Bus:RetryMinInterval"] = "00:00:00.050";
        foreach (var (key, value) in settings)
        {
            o.Settings[key] = value;
        }

        o.ConfigurePlatform = p => ProbeModule.Add(p, countDeliveries: true);
    });
}
