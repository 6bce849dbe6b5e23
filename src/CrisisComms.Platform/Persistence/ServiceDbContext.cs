using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CrisisComms.Platform.Persistence;

/// <summary>
/// Base of every service's DbContext: the service's own schema (PostgreSQL) or file (SQLite), plus the
/// outbox and inbox tables that make its messages exactly-once in effect.
/// </summary>
public abstract class ServiceDbContext : DbContext
{
    protected ServiceDbContext(DbContextOptions options, string service)
        : base(options)
    {
        Service = service;
    }

    /// <summary>The owning service; also its PostgreSQL schema.</summary>
    public string Service { get; }

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<InboxMessage> InboxMessages => Set<InboxMessage>();

    public DbSet<IdempotentRequest> IdempotentRequests => Set<IdempotentRequest>();

    /// <summary>Messages to publish when (and only if) this unit of work commits.</summary>
    public OutboxWriter Outbox => new(this);

    internal bool OutboxTouched { get; set; }

    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        if (Database.IsNpgsql())
        {
            modelBuilder.HasDefaultSchema(Service);
        }

        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Sequence);
            e.Property(m => m.Sequence).ValueGeneratedOnAdd();
            e.HasIndex(m => m.MessageId).IsUnique();
            e.Property(m => m.MessageType).HasMaxLength(300);
            e.Property(m => m.ScheduleKey).HasMaxLength(200);
            e.Property(m => m.LastError).HasMaxLength(2000);
            // The dispatcher only ever looks for undispatched rows in order.
            e.HasIndex(m => m.Sequence).HasDatabaseName("ix_outbox_messages_pending").HasFilter("dispatched_at IS NULL");
            e.HasIndex(m => m.DispatchedAt);
        });

        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable("inbox_messages");
            e.HasKey(m => new { m.MessageId, m.Consumer });
            e.Property(m => m.Consumer).HasMaxLength(200);
            e.HasIndex(m => m.HandledAt);
        });

        modelBuilder.Entity<IdempotentRequest>(e =>
        {
            e.ToTable("idempotent_requests");
            e.HasKey(r => new { r.Scope, r.Key });
            e.Property(r => r.Scope).HasMaxLength(400);
            e.Property(r => r.Key).HasMaxLength(200);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.Property(r => r.Location).HasMaxLength(2000);
            e.HasIndex(r => r.CreatedAt);
        });

        ConfigureModel(modelBuilder);
    }

    /// <summary>The service's own entities.</summary>
    protected abstract void ConfigureModel(ModelBuilder modelBuilder);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            // SQLite cannot compare or order DateTimeOffset; stored as a long it can, order preserved (all UTC).
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
