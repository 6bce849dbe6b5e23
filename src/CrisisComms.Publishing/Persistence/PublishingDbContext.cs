using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Channels.Sandbox;
using CrisisComms.Publishing.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Publishing.Persistence;

internal sealed class PublishingDbContext(DbContextOptions<PublishingDbContext> options)
    : ServiceDbContext(options, ServiceNames.Publishing)
{
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<SandboxPost> SandboxPosts => Set<SandboxPost>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger");
            e.HasKey(l => l.IdempotencyKey);
            e.Property(l => l.IdempotencyKey).HasMaxLength(200);
            e.Property(l => l.Channel).HasMaxLength(40);
            e.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(l => l.ChannelPostId).HasMaxLength(200);
            e.Property(l => l.Url).HasMaxLength(2000);
            e.Property(l => l.Error).HasMaxLength(2000);
            e.HasIndex(l => new { l.PostId, l.Channel }).IsUnique();
            e.HasIndex(l => new { l.Status, l.UpdatedAt });
        });

        modelBuilder.Entity<SandboxPost>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Channel).HasMaxLength(40);
            e.Property(p => p.Text).HasMaxLength(10_000);
            e.Property(p => p.IdempotencyKey).HasMaxLength(200);
            // The sandbox is a channel too: it must never hold one post twice.
            e.HasIndex(p => p.IdempotencyKey).IsUnique();
            e.HasIndex(p => new { p.IncidentId, p.PostedAt });
        });
    }
}

internal sealed class PublishingDesignTimeFactory : IDesignTimeDbContextFactory<PublishingDbContext>
{
    public PublishingDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PublishingDbContext>(args, ServiceNames.Publishing));
}
