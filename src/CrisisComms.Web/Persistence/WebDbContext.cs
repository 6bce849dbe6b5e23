using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Dashboard;
using CrisisComms.Web.Partners;
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

    public DbSet<PublishedPost> Posts => Set<PublishedPost>();

    public DbSet<PostChannel> PostChannels => Set<PostChannel>();

    public DbSet<TriageItemView> TriageItems => Set<TriageItemView>();

    public DbSet<SourceHealthView> Sources => Set<SourceHealthView>();

    public DbSet<MentionVolume> Volume => Set<MentionVolume>();

    public DbSet<EscalationView> Escalations => Set<EscalationView>();

    public DbSet<PageFailureView> PageFailures => Set<PageFailureView>();

    public DbSet<PartnerInvite> Invites => Set<PartnerInvite>();

    public DbSet<PartnerAccess> PartnerAccess => Set<PartnerAccess>();

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

        modelBuilder.Entity<PublishedPost>(e =>
        {
            e.ToTable("published_posts");
            e.HasKey(p => p.PostId);
            e.Property(p => p.Kind).HasMaxLength(20);
            e.Property(p => p.Headline).HasMaxLength(300);
            e.Property(p => p.Text).HasMaxLength(10000);
            e.Property(p => p.Channels).HasMaxLength(400);
            e.Property(p => p.ReleasedBy).HasMaxLength(200);
            e.Property(p => p.ApprovedBy).HasMaxLength(200);
            e.HasIndex(p => new { p.IncidentId, p.ReleasedAt });
        });

        modelBuilder.Entity<PostChannel>(e =>
        {
            e.ToTable("post_channels");
            e.HasKey(c => new { c.PostId, c.Channel });
            e.Property(c => c.Channel).HasMaxLength(40);
            e.Property(c => c.Status).HasMaxLength(20);
            e.Property(c => c.Url).HasMaxLength(2000);
            e.Property(c => c.Detail).HasMaxLength(2000);
            e.HasIndex(c => c.IncidentId);
        });

        modelBuilder.Entity<TriageItemView>(e =>
        {
            e.ToTable("triage_items");
            e.HasKey(t => t.ItemId);
            e.Property(t => t.Channel).HasMaxLength(40);
            e.Property(t => t.Status).HasMaxLength(40);
            e.Property(t => t.Judgement).HasMaxLength(60);
            e.Property(t => t.Priority).HasMaxLength(20);
            e.Property(t => t.Summary).HasMaxLength(2000);
            e.Property(t => t.Reasons).HasMaxLength(4000);
            e.Property(t => t.AssignedTo).HasMaxLength(200);
            e.Property(t => t.Outcome).HasMaxLength(200);
            e.HasIndex(t => new { t.IncidentId, t.ClusterSize });
        });

        modelBuilder.Entity<SourceHealthView>(e =>
        {
            e.ToTable("source_health");
            e.HasKey(s => s.Source);
            e.Property(s => s.Source).HasMaxLength(200);
            e.Property(s => s.Channel).HasMaxLength(40);
            e.Property(s => s.State).HasMaxLength(20);
            e.Property(s => s.LastError).HasMaxLength(2000);
        });

        modelBuilder.Entity<MentionVolume>(e =>
        {
            e.ToTable("mention_volume");
            e.HasKey(v => new { v.IncidentId, v.Minute });
        });

        modelBuilder.Entity<EscalationView>(e =>
        {
            e.ToTable("escalations");
            e.HasKey(x => x.EscalationId);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.WaitingOn).HasMaxLength(200);
            e.HasIndex(x => x.Status);
        });

        modelBuilder.Entity<PageFailureView>(e =>
        {
            e.ToTable("page_failures");
            e.HasKey(x => x.PageId);
            e.Property(x => x.Reason).HasMaxLength(200);
            e.Property(x => x.Target).HasMaxLength(200);
            e.Property(x => x.Error).HasMaxLength(2000);
            e.HasIndex(x => x.FailedAt);
        });

        modelBuilder.Entity<PartnerInvite>(e =>
        {
            e.ToTable("partner_invites");
            e.HasKey(i => i.Id);
            e.Property(i => i.Organisation).HasMaxLength(200);
            e.Property(i => i.Contact).HasMaxLength(200);
            e.Property(i => i.SecretHash).HasMaxLength(64);
            e.Property(i => i.CreatedBy).HasMaxLength(200);
            e.Property(i => i.RevokedBy).HasMaxLength(200);
            e.HasIndex(i => i.SecretHash).IsUnique();
            e.HasIndex(i => i.IncidentId);
        });

        modelBuilder.Entity<PartnerAccess>(e =>
        {
            e.ToTable("partner_access");
            e.HasKey(a => a.Id);
            e.Property(a => a.Organisation).HasMaxLength(200);
            e.Property(a => a.RevokedBy).HasMaxLength(200);
            e.HasIndex(a => new { a.UserId, a.IncidentId });
            e.HasIndex(a => a.IncidentId);
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
