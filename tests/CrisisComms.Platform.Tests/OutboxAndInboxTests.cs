using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Tests.Probe;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Platform.Tests;

/// <summary>The outbox and inbox on the embedded infrastructure (in-memory bus, SQLite).</summary>
public sealed class OutboxAndInboxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_state_change_and_its_message_commit_together_and_the_message_goes_out_after_commit()
    {
        await using var host = await StartAsync();

        await host.Harness.Bus.Publish(new ProbeCommand("flood-1", "published"));

        Assert.True(await host.Harness.Published.Any<ProbeRecorded>(x => x.Context.Message.Key == "flood-1"));
        var (tally, outbox) = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProbeDbContext>();
            var row = await Eventually.GetAsync(
                () => db.OutboxMessages.AsNoTracking().SingleAsync(),
                r => r.DispatchedAt is not null,
                Patience,
                "outbox row marked dispatched");
            return ((await db.Tallies.SingleAsync(t => t.Key == "flood-1")).Count, row);
        });
        Assert.Equal(1, tally);
        var published = host.Harness.Published.Select<ProbeRecorded>().Single();
        Assert.Equal(outbox.MessageId, published.Context.MessageId);
    }

    [Fact]
    public async Task A_unit_of_work_that_fails_changes_nothing_and_publishes_nothing()
    {
        await using var host = await StartAsync();

        await host.Harness.Bus.Publish(new ProbeCommand("flood-2", "doomed", Fail: true));

        Assert.True(await host.Harness.Published.Any<Fault<ProbeCommand>>());
        Assert.False(await host.Harness.Published.Any<ProbeRecorded>());
        var (tallies, outbox) = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProbeDbContext>();
            return (await db.Tallies.CountAsync(), await db.OutboxMessages.CountAsync());
        });
        Assert.Equal(0, tallies);
        Assert.Equal(0, outbox);
    }

    [Fact]
    public async Task A_redelivered_message_id_is_applied_once()
    {
        await using var host = await StartAsync();
        var consumed = ConsumeCounter.On(host.Harness.Bus);
        var id = Guid.NewGuid();

        for (var i = 0; i < 3; i++)
        {
            await host.Harness.Bus.Publish(new ProbeCommand("flood-3", "again"), c => c.MessageId = id);
        }

        await host.Harness.Bus.Publish(new ProbeCommand("flood-3", "new id"));

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<ProbeCommand>() == 4), Patience, "4 deliveries consumed");
        var (count, inbox) = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProbeDbContext>();
            return ((await db.Tallies.SingleAsync(t => t.Key == "flood-3")).Count, await db.InboxMessages.CountAsync());
        });
        Assert.Equal(2, count);
        Assert.Equal(2, inbox);
    }

    [Fact]
    public async Task Messages_left_in_the_outbox_when_the_process_stopped_go_out_after_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), $"crisiscomms-restart-{Guid.NewGuid():N}");
        try
        {
            // First run creates the schema; then, with nothing running, a unit of work commits a message.
            await (await StartAsync(data)).DisposeAsync();
            var settings = PlatformSettings.Resolve(
                new ConfigurationBuilder().AddInMemoryCollection([new("CrisisComms:DataDirectory", data)]).Build(), "/");
            var options = new DbContextOptionsBuilder<ProbeDbContext>();
            PersistenceExtensions.Configure(options, settings, ProbeModule.Service);
            Guid messageId;
            await using (var db = new ProbeDbContext(options.Options))
            {
                messageId = db.Outbox.Publish(new ProbeRecorded("flood-4", "left behind"));
                await db.SaveChangesAsync();
            }

            await using var restarted = await StartAsync(data);

            Assert.True(await restarted.Harness.Published.Any<ProbeRecorded>(x => x.Context.MessageId == messageId));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_scheduled_message_goes_out_at_its_time_not_before()
    {
        await using var host = await StartAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(2);

        await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ProbeDbContext>();
            db.Outbox.Schedule(new ProbeRecorded("flood-5", "later"), at);
            return await db.SaveChangesAsync();
        });

        var sent = await Eventually.GetAsync(
            () => Task.FromResult(host.Harness.Published.Select<ProbeRecorded>().FirstOrDefault()),
            p => p is not null,
            Patience,
            "scheduled message published");
        Assert.True(sent!.Context.SentTime >= at.UtcDateTime.AddMilliseconds(-50), $"sent at {sent.Context.SentTime:O}, due {at:O}");
    }

    private static Task<ServiceHost> StartAsync(string? dataDirectory = null) => ServiceHost.StartAsync(o =>
    {
        o.BusTestHarness = true;
        o.DataDirectory = dataDirectory;
        o.Settings["CrisisComms:Bus:Retries"] = "0";
        o.ConfigurePlatform = p => ProbeModule.Add(p);
    });
}
