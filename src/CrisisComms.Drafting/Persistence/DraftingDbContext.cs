using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Tags;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Posts;
using CrisisComms.Drafting.Schedules;
using CrisisComms.Drafting.Templates;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Drafting.Persistence;

internal sealed class DraftingDbContext(DbContextOptions<DraftingDbContext> options)
    : ServiceDbContext(options, ServiceNames.Drafting)
{
    public DbSet<OrganisationSettings> Settings => Set<OrganisationSettings>();

    public DbSet<Incident> Incidents => Set<Incident>();

    public DbSet<IssuedHashtag> Hashtags => Set<IssuedHashtag>();

    public DbSet<Draft> Drafts => Set<Draft>();

    public DbSet<DraftVersion> DraftVersions => Set<DraftVersion>();

    public DbSet<Template> Templates => Set<Template>();

    public DbSet<ScheduledItem> Schedules => Set<ScheduledItem>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<PostChannel> PostChannels => Set<PostChannel>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OrganisationSettings>(e =>
        {
            e.ToTable("organisation_settings");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
            e.Property(s => s.Name).HasMaxLength(120);
            e.Property(s => s.HashtagPrefix).HasMaxLength(10);
            e.Property(s => s.CapSender).HasMaxLength(200);
            e.Property(s => s.PublicBaseUrl).HasMaxLength(500);
            e.Property(s => s.ApprovalMode).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.PersonalDataAction).HasConversion<string>().HasMaxLength(10);
            e.Property(s => s.BannedWordsAction).HasConversion<string>().HasMaxLength(10);
            e.Property(s => s.LinksAction).HasConversion<string>().HasMaxLength(10);
            e.Property(s => s.CrisisSwitchReason).HasMaxLength(1000);
            e.Property(s => s.CrisisSwitchBy).HasMaxLength(200);
        });

        modelBuilder.Entity<Incident>(e =>
        {
            e.HasKey(i => i.Id);
            e.Property(i => i.Title).HasMaxLength(200);
            e.Property(i => i.ShortName).HasMaxLength(60);
            e.Property(i => i.Organisation).HasMaxLength(120);
            e.Property(i => i.Hashtag).HasMaxLength(140);
            e.Property(i => i.Summary).HasMaxLength(4000);
            e.Property(i => i.OpenedBy).HasMaxLength(200);
            e.Property(i => i.Severity).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
            e.Ignore(i => i.IsLive);
            e.HasIndex(i => i.Hashtag);
            e.HasIndex(i => i.OpenedAt);
        });

        modelBuilder.Entity<IssuedHashtag>(e =>
        {
            e.ToTable("hashtag_register");
            e.HasKey(h => h.Id);
            e.Property(h => h.Tag).HasMaxLength(140);
            e.Property(h => h.Normalized).HasMaxLength(140);
            e.Property(h => h.IssuedBy).HasMaxLength(200);
            // A live tag is never issued twice; retired ones stay as history.
            e.HasIndex(h => h.Normalized).IsUnique().HasFilter("retired_at IS NULL").HasDatabaseName("ux_hashtag_register_live");
            e.HasIndex(h => h.IncidentId);
        });

        modelBuilder.Entity<Draft>(e =>
        {
            e.HasKey(d => d.Id);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(d => d.Headline).HasMaxLength(300);
            e.Property(d => d.Body).HasMaxLength(20_000);
            e.Property(d => d.TemplateKey).HasMaxLength(60);
            e.Property(d => d.CreatedBy).HasMaxLength(200);
            e.Property(d => d.CreatedByName).HasMaxLength(200);
            e.Property(d => d.DecidedBy).HasMaxLength(200);
            e.Property(d => d.DecidedByName).HasMaxLength(200);
            e.Property(d => d.RejectionReason).HasMaxLength(2000);
            e.Property(d => d.BreakGlassReason).HasMaxLength(2000);
            e.HasMany(d => d.Versions).WithOne().HasForeignKey(v => v.DraftId);
            e.HasOne<Incident>().WithMany().HasForeignKey(d => d.IncidentId);
            e.HasIndex(d => new { d.IncidentId, d.CreatedAt });
            e.HasIndex(d => new { d.Status, d.SubmittedAt });
        });

        modelBuilder.Entity<DraftVersion>(e =>
        {
            e.HasKey(v => new { v.DraftId, v.Version });
            e.Property(v => v.Headline).HasMaxLength(300);
            e.Property(v => v.Body).HasMaxLength(20_000);
            e.Property(v => v.EditedBy).HasMaxLength(200);
            e.Property(v => v.EditedByName).HasMaxLength(200);
            e.Property(v => v.Reason).HasMaxLength(2000);
        });

        modelBuilder.Entity<Template>(e =>
        {
            e.HasKey(t => new { t.Key, t.Version });
            e.Property(t => t.Key).HasMaxLength(60);
            e.Property(t => t.Name).HasMaxLength(120);
            e.Property(t => t.Headline).HasMaxLength(300);
            e.Property(t => t.Body).HasMaxLength(20_000);
            e.Property(t => t.EditedBy).HasMaxLength(200);
            e.HasIndex(t => t.Key).IsUnique().HasFilter("is_current").HasDatabaseName("ux_templates_current");
        });

        modelBuilder.Entity<ScheduledItem>(e =>
        {
            e.ToTable("schedules");
            e.HasKey(s => s.Id);
            e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(s => s.Note).HasMaxLength(1000);
            e.Property(s => s.Outcome).HasMaxLength(2000);
            e.Property(s => s.CreatedBy).HasMaxLength(200);
            e.HasIndex(s => new { s.Status, s.DueAt });
            e.HasIndex(s => s.IncidentId);
        });

        modelBuilder.Entity<Post>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Text).HasMaxLength(20_000);
            e.Property(p => p.Headline).HasMaxLength(300);
            e.Property(p => p.Kind).HasMaxLength(20);
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

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedOnAdd();
            e.Property(a => a.ActorId).HasMaxLength(200);
            e.Property(a => a.ActorName).HasMaxLength(200);
            e.Property(a => a.Action).HasMaxLength(80);
            e.Property(a => a.Entity).HasMaxLength(60);
            e.Property(a => a.EntityId).HasMaxLength(200);
            e.Property(a => a.Reason).HasMaxLength(4000);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
            e.HasIndex(a => new { a.IncidentId, a.Sequence });
        });
    }
}

/// <summary>For <c>dotnet ef</c>: see tools/add-migration.sh.</summary>
internal sealed class DraftingDesignTimeFactory : IDesignTimeDbContextFactory<DraftingDbContext>
{
    public DraftingDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<DraftingDbContext>(args, ServiceNames.Drafting));
}
