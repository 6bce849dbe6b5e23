using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Posts;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Drafting.Persistence;

internal sealed class DraftingDbContext(DbContextOptions<DraftingDbContext> options)
    : ServiceDbContext(options, ServiceNames.Drafting)
{
    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<PostChannel> PostChannels => Set<PostChannel>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Incident>(e =>
        {
            e.HasKey(i => i.Id);
            e.Property(i => i.Title).HasMaxLength(200);
            e.Property(i => i.Organisation).HasMaxLength(120);
            e.Property(i => i.Hashtag).HasMaxLength(140);
            e.Property(i => i.Severity).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(i => i.Hashtag);
            e.HasIndex(i => i.OpenedAt);
        });

        modelBuilder.Entity<Post>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Text).HasMaxLength(10_000);
            e.HasOne<Incident>().WithMany().HasForeignKey(p => p.IncidentId);
            e.HasMany(p => p.Channels).WithOne().HasForeignKey(c => c.PostId);
            e.HasIndex(p => new { p.IncidentId, p.CreatedAt });
        });

        modelBuilder.Entity<PostChannel>(e =>
        {
            e.HasKey(c => new { c.PostId, c.Channel });
            e.Property(c => c.Channel).HasMaxLength(40);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(c => c.ChannelPostId).HasMaxLength(200);
            e.Property(c => c.Url).HasMaxLength(2000);
            e.Property(c => c.Error).HasMaxLength(2000);
        });
    }
}

/// <summary>For <c>dotnet ef</c>: see tools/add-migration.sh.</summary>
internal sealed class DraftingDesignTimeFactory : IDesignTimeDbContextFactory<DraftingDbContext>
{
    public DraftingDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<DraftingDbContext>(args, ServiceNames.Drafting));
}
