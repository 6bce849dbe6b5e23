using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Platform.Tests.Probe;

/// <summary>Record <paramref name="Value"/> under <paramref name="Key"/>; with <paramref name="Fail"/> the consumer throws after changing state.</summary>
public sealed record ProbeCommand(string Key, string Value, bool Fail = false);

/// <summary>Published (through the outbox) when a probe command took effect.</summary>
public sealed record ProbeRecorded(string Key, string Value);

/// <summary>How often a key was applied: an effect that is not idempotent by itself, so a duplicate would show.</summary>
public sealed class ProbeTally
{
    public required string Key { get; set; }

    public int Count { get; set; }
}

/// <summary>One row per delivery of <see cref="ProbeRecorded"/> (no inbox), to count what the broker delivered.</summary>
public sealed class ProbeDelivery
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public required string Key { get; set; }
}

/// <summary>A minimal service context for testing the platform's outbox, inbox and scheduler on both providers.</summary>
public sealed class ProbeDbContext(DbContextOptions<ProbeDbContext> options) : ServiceDbContext(options, ProbeModule.Service)
{
    public DbSet<ProbeTally> Tallies => Set<ProbeTally>();

    public DbSet<ProbeDelivery> Deliveries => Set<ProbeDelivery>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProbeTally>(e =>
        {
            e.HasKey(t => t.Key);
            e.Property(t => t.Key).HasMaxLength(100);
        });
        modelBuilder.Entity<ProbeDelivery>(e =>
        {
            e.HasKey(d => d.Id);
            e.Property(d => d.Id).ValueGeneratedOnAdd();
            e.Property(d => d.Key).HasMaxLength(100);
        });
    }
}

internal sealed class ProbeDesignTimeFactory : IDesignTimeDbContextFactory<ProbeDbContext>
{
    public ProbeDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<ProbeDbContext>(args, ProbeModule.Service));
}

/// <summary>Applies a probe command exactly once in effect (the inbox), and announces it through the outbox.</summary>
public sealed class ProbeCommandConsumer(ProbeDbContext db) : IdempotentConsumer<ProbeDbContext, ProbeCommand>(db)
{
    protected override async Task HandleAsync(ConsumeContext<ProbeCommand> context)
    {
        var m = context.Message;
        var tally = await Db.Tallies.FirstOrDefaultAsync(t => t.Key == m.Key, context.CancellationToken);
        if (tally is null)
        {
            tally = new ProbeTally { Key = m.Key };
            Db.Tallies.Add(tally);
        }

        tally.Count++;
        Db.Outbox.Publish(new ProbeRecorded(m.Key, m.Value));
        if (m.Fail)
        {
            throw new InvalidOperationException($"probe {m.Key} fails on purpose");
        }
    }
}

/// <summary>Counts every delivery of <see cref="ProbeRecorded"/>, duplicates included (deliberately no inbox).</summary>
public sealed class ProbeDeliveryCounter(ProbeDbContext db) : IConsumer<ProbeRecorded>
{
    public async Task Consume(ConsumeContext<ProbeRecorded> context)
    {
        db.Deliveries.Add(new ProbeDelivery { MessageId = context.MessageId ?? Guid.Empty, Key = context.Message.Key });
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

public static class ProbeModule
{
    public const string Service = "probe";

    public static void Add(PlatformBuilder platform, bool countDeliveries = false)
    {
        platform.AddServiceDbContext<ProbeDbContext>(Service);
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<ProbeCommandConsumer>();
            if (countDeliveries)
            {
                bus.AddConsumer<ProbeDeliveryCounter>();
            }
        });
    }
}
