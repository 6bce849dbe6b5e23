using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Dashboard;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Web.Persistence;

internal sealed class WebDbContext(DbContextOptions<WebDbContext> options)
    : ServiceDbContext(options, ServiceNames.Web)
{
    public DbSet<IncidentView> Incidents => Set<IncidentView>();

    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    public DbSet<AlertView> Alerts => Set<AlertView>();

    public DbSet<PostReach> Reach => Set<PostReach>();

    public DbSet<ChannelState> Channels => Set<ChannelState>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        IdentityModel.Configure(modelBuilder);

        modelBuilder.Entity<IncidentView>(e =>
        {
            e.ToTable("incident_views");
            e.HasKey(i => i.IncidentId);
            e.Property(i => i.Title).HasMaxLength(200);
            e.Property(i => i.Hashtag).HasMaxLength(140);
            e.Property(i => i.Severity).HasMaxLength(20);
            e.Property(i => i.Status).HasMaxLength(20);
            e.Property(i => i.Summary).HasMaxLength(4000);
        });

        modelBuilder.Entity<TimelineEntry>(e =>
        {
            e.ToTable("timeline");
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).ValueGeneratedOnAdd();
            e.Property(t => t.Kind).HasMaxLength(40);
            e.Property(t => t.Summary).HasMaxLength(2000);
            e.Property(t => t.Channel).HasMaxLength(40);
            e.HasIndex(t => new { t.IncidentId, t.At });
        });

        modelBuilder.Entity<PostReach>(e =>
        {
            e.ToTable("post_reach");
            e.HasKey(r => new { r.PostId, r.Channel });
            e.Property(r => r.Channel).HasMaxLength(40);
            e.HasIndex(r => r.IncidentId);
        });

        modelBuilder.Entity<ChannelState>(e =>
        {
            e.ToTable("channel_states");
            e.HasKey(c => c.Channel);
            e.Property(c => c.Channel).HasMaxLength(40);
            e.Property(c => c.Reason).HasMaxLength(2000);
        });

        modelBuilder.Entity<AlertView>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Service).HasMaxLength(40);
            e.Property(a => a.Queue).HasMaxLength(200);
            e.Property(a => a.MessageType).HasMaxLength(300);
            e.Property(a => a.Error).HasMaxLength(2000);
            e.HasIndex(a => a.DetectedAt);
        });
    }
}

internal sealed class WebDesignTimeFactory : IDesignTimeDbContextFactory<WebDbContext>
{
    public WebDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<WebDbContext>(args, ServiceNames.Web));
}
