using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Volume;
using CrisisComms.Monitoring.Watches;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Monitoring.Persistence;

internal sealed class MonitoringDbContext(DbContextOptions<MonitoringDbContext> options)
    : ServiceDbContext(options, ServiceNames.Monitoring)
{
    public DbSet<Watch> Watches => Set<Watch>();

    public DbSet<Mention> Mentions => Set<Mention>();

    public DbSet<MentionTag> MentionTags => Set<MentionTag>();

    public DbSet<SourceAccount> SourceAccounts => Set<SourceAccount>();

    public DbSet<SourceState> SourceStates => Set<SourceState>();

    public DbSet<SourceRejectionRecord> SourceRejections => Set<SourceRejectionRecord>();

    public DbSet<VolumeAlert> VolumeAlerts => Set<VolumeAlert>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Watch>(e =>
        {
            e.HasKey(w => w.Id);
            e.Property(w => w.Term).HasMaxLength(200);
            e.HasIndex(w => new { w.Active, w.Term });
            e.HasIndex(w => w.IncidentId);
        });

        modelBuilder.Entity<Mention>(e =>
        {
            e.HasKey(m => m.Id);
            e.Property(m => m.Channel).HasMaxLength(40);
            e.Property(m => m.NativeId).HasMaxLength(200);
            e.Property(m => m.Author).HasMaxLength(200);
            e.Property(m => m.Text).HasMaxLength(20_000);
            e.Property(m => m.MatchedWatch).HasMaxLength(200);
            e.Property(m => m.Source).HasMaxLength(240);
            e.Property(m => m.Kind).HasMaxLength(20);
            e.Property(m => m.AuthorId).HasMaxLength(200);
            e.Property(m => m.InReplyToNativeId).HasMaxLength(200);
            e.Property(m => m.ConversationId).HasMaxLength(200);
            e.Property(m => m.Url).HasMaxLength(2000);
            e.Property(m => m.Language).HasMaxLength(35);
            // Behind the Redis dedupe: losing Redis never lets a duplicate through.
            e.HasIndex(m => new { m.Channel, m.NativeId }).IsUnique();
            e.HasIndex(m => new { m.IncidentId, m.ReceivedAt });
            e.HasIndex(m => m.PostedAt);
        });

        modelBuilder.Entity<MentionTag>(e =>
        {
            e.ToTable("mention_tags");
            e.HasKey(t => new { t.MentionId, t.Tag });
            e.Property(t => t.Tag).HasMaxLength(MentionRules.MaxTag);
            e.Property(t => t.AuthorKey).HasMaxLength(300);
            e.Property(t => t.AuthorName).HasMaxLength(200);
            e.HasIndex(t => new { t.Tag, t.PostedAt });
        });

        modelBuilder.Entity<SourceAccount>(e =>
        {
            e.ToTable("source_accounts");
            e.HasKey(a => a.Key);
            e.Property(a => a.Key).HasMaxLength(60);
            e.Property(a => a.Type).HasMaxLength(20);
            e.Property(a => a.Settings).HasMaxLength(20_000);
        });

        modelBuilder.Entity<SourceState>(e =>
        {
            e.ToTable("source_states");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasMaxLength(240);
            e.Property(s => s.Type).HasMaxLength(40);
            e.Property(s => s.Channel).HasMaxLength(40);
            e.Property(s => s.Account).HasMaxLength(60);
            e.Property(s => s.Cursor).HasMaxLength(100_000);
            e.Property(s => s.FenceHolder).HasMaxLength(200);
            e.Property(s => s.LastError).HasMaxLength(2000);
            e.Property(s => s.State).HasMaxLength(20);
        });

        modelBuilder.Entity<SourceRejectionRecord>(e =>
        {
            e.ToTable("source_rejections");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedOnAdd();
            e.Property(r => r.Source).HasMaxLength(240);
            e.Property(r => r.NativeId).HasMaxLength(200);
            e.Property(r => r.Reason).HasMaxLength(1000);
            e.Property(r => r.Excerpt).HasMaxLength(400);
            e.HasIndex(r => new { r.Source, r.Id });
            e.HasIndex(r => r.At);
        });

        modelBuilder.Entity<VolumeAlert>(e =>
        {
            e.ToTable("volume_alerts");
            e.HasKey(a => a.Id);
            e.Property(a => a.Series).HasMaxLength(240);
            e.HasIndex(a => new { a.Series, a.StartedAt });
        });
    }
}

internal sealed class MonitoringDesignTimeFactory : IDesignTimeDbContextFactory<MonitoringDbContext>
{
    public MonitoringDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<MonitoringDbContext>(args, ServiceNames.Monitoring));
}
