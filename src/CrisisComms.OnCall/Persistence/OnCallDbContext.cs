using System.Text.Json;
using CrisisComms.OnCall.Acknowledgements;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.Handover;
using CrisisComms.OnCall.Paging;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Rotas;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrisisComms.OnCall.Persistence;

internal sealed class OnCallDbContext(DbContextOptions<OnCallDbContext> options)
    : ServiceDbContext(options, ServiceNames.OnCall)
{
    public DbSet<Page> Pages => Set<Page>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<ContactMethod> ContactMethods => Set<ContactMethod>();

    public DbSet<PagingGroup> Groups => Set<PagingGroup>();

    public DbSet<Rota> Rotas => Set<Rota>();

    public DbSet<RotaLayer> RotaLayers => Set<RotaLayer>();

    public DbSet<RotaOverride> Overrides => Set<RotaOverride>();

    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    public DbSet<EscalationPolicy> Policies => Set<EscalationPolicy>();

    public DbSet<TriggerRoute> Routes => Set<TriggerRoute>();

    public DbSet<Escalation> Escalations => Set<Escalation>();

    public DbSet<EscalationEvent> EscalationEvents => Set<EscalationEvent>();

    public DbSet<Acknowledgement> Acknowledgements => Set<Acknowledgement>();

    public DbSet<InboundEvent> InboundEvents => Set<InboundEvent>();

    public DbSet<Integration> Integrations => Set<Integration>();

    public DbSet<IncidentView> Incidents => Set<IncidentView>();

    public DbSet<OpenItemView> OpenItems => Set<OpenItemView>();

    public DbSet<HandoverNotice> HandoverNotices => Set<HandoverNotice>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Page>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Reason).HasMaxLength(60);
            e.Property(p => p.Recipient).HasMaxLength(200);
            e.Property(p => p.Summary).HasMaxLength(1000);
            e.Property(p => p.Status).HasMaxLength(20);
            e.Property(p => p.AcknowledgedBy).HasMaxLength(200);
            e.HasIndex(p => new { p.SubjectId, p.Reason });
            e.HasIndex(p => p.SentAt);
            e.HasIndex(p => p.EscalationId);
        });

        modelBuilder.Entity<Delivery>(e =>
        {
            e.HasKey(d => d.Id);
            e.Property(d => d.Purpose).HasMaxLength(30);
            e.Property(d => d.Kind).HasMaxLength(20);
            e.Property(d => d.Target).HasMaxLength(300);
            e.Property(d => d.Title).HasMaxLength(1000);
            e.Property(d => d.Body).HasMaxLength(20000);
            e.Property(d => d.Status).HasMaxLength(20);
            e.Property(d => d.LastError).HasMaxLength(2000);
            e.HasIndex(d => d.PageId);
            e.HasIndex(d => d.EscalationId);
            e.HasIndex(d => new { d.Status, d.CreatedAt });
        });

        modelBuilder.Entity<Person>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Email).HasMaxLength(320);
            e.Property(p => p.UserId).HasMaxLength(200);
            e.HasIndex(p => p.UserId);
            e.HasMany(p => p.ContactMethods).WithOne().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ContactMethod>(e =>
        {
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).ValueGeneratedNever();
            e.Property(c => c.Kind).HasMaxLength(20);
            e.Property(c => c.Address).HasMaxLength(2000);
        });

        modelBuilder.Entity<PagingGroup>(e =>
        {
            e.ToTable("paging_groups");
            e.HasKey(g => g.Id);
            e.Property(g => g.Name).HasMaxLength(200);
            Json(e.Property(g => g.Members));
        });

        modelBuilder.Entity<Rota>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Name).HasMaxLength(200);
            e.Property(r => r.TimeZone).HasMaxLength(100);
            e.HasMany(r => r.Layers).WithOne().HasForeignKey(l => l.RotaId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RotaLayer>(e =>
        {
            e.HasKey(l => l.Id);
            e.Property(l => l.Id).ValueGeneratedNever();
            e.Property(l => l.Name).HasMaxLength(200);
            Json(e.Property(l => l.Members));
        });

        modelBuilder.Entity<RotaOverride>(e =>
        {
            e.ToTable("rota_overrides");
            e.HasKey(o => o.Id);
            e.Property(o => o.Reason).HasMaxLength(500);
            e.Property(o => o.CreatedBy).HasMaxLength(200);
            e.HasIndex(o => new { o.RotaId, o.EndsAt });
        });

        modelBuilder.Entity<CalendarFeed>(e =>
        {
            e.HasKey(f => f.Id);
            e.Property(f => f.Scope).HasMaxLength(20);
            e.Property(f => f.TokenHash).HasMaxLength(64);
            e.Property(f => f.CreatedBy).HasMaxLength(200);
            e.HasIndex(f => f.TokenHash).IsUnique();
        });

        modelBuilder.Entity<EscalationPolicy>(e =>
        {
            e.ToTable("escalation_policies");
            e.HasKey(p => p.Id);
            e.Property(p => p.Name).HasMaxLength(200);
            Json(e.Property(p => p.Levels));
        });

        modelBuilder.Entity<TriggerRoute>(e =>
        {
            e.ToTable("trigger_routes");
            e.HasKey(r => r.Trigger);
            e.Property(r => r.Trigger).HasMaxLength(40);
        });

        modelBuilder.Entity<Escalation>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Reason).HasMaxLength(40);
            e.Property(x => x.SubjectKey).HasMaxLength(300);
            e.Property(x => x.ActiveKey).HasMaxLength(300);
            e.Property(x => x.PolicyName).HasMaxLength(200);
            e.Property(x => x.Summary).HasMaxLength(1000);
            e.Property(x => x.Severity).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.WaitingOn).HasMaxLength(1000);
            e.Property(x => x.AcknowledgedBy).HasMaxLength(200);
            e.Property(x => x.AcknowledgedVia).HasMaxLength(40);
            e.Property(x => x.ResolvedBy).HasMaxLength(200);
            e.Ignore(x => x.IsActive);
            Json(e.Property(x => x.Levels));
            // One active escalation per subject, whichever replica heard the trigger first.
            e.HasIndex(x => x.ActiveKey).IsUnique();
            e.HasIndex(x => x.SubjectKey);
            e.HasIndex(x => new { x.Status, x.StartedAt });
        });

        modelBuilder.Entity<EscalationEvent>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedOnAdd();
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Detail).HasMaxLength(2000);
            e.HasIndex(x => new { x.EscalationId, x.Id });
        });

        modelBuilder.Entity<Acknowledgement>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.By).HasMaxLength(200);
            e.Property(a => a.Via).HasMaxLength(40);
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.EscalationId);
        });

        modelBuilder.Entity<InboundEvent>(e =>
        {
            e.HasKey(x => new { x.Source, x.EventId });
            e.Property(x => x.Source).HasMaxLength(40);
            e.Property(x => x.EventId).HasMaxLength(200);
            e.HasIndex(x => x.ReceivedAt);
        });

        modelBuilder.Entity<Integration>(e =>
        {
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(60);
        });

        modelBuilder.Entity<IncidentView>(e =>
        {
            e.ToTable("incident_views");
            e.HasKey(x => x.IncidentId);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.Hashtag).HasMaxLength(200);
            e.Property(x => x.Severity).HasMaxLength(40);
            e.Property(x => x.Status).HasMaxLength(40);
        });

        modelBuilder.Entity<OpenItemView>(e =>
        {
            e.ToTable("open_item_views");
            e.HasKey(x => x.ItemId);
            e.Property(x => x.Priority).HasMaxLength(40);
            e.Property(x => x.Summary).HasMaxLength(1000);
            e.Property(x => x.Status).HasMaxLength(40);
            e.Property(x => x.AssignedTo).HasMaxLength(200);
        });

        modelBuilder.Entity<HandoverNotice>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Text).HasMaxLength(20000);
            e.HasIndex(x => new { x.RotaId, x.LayerPosition, x.HandoverAt, x.Kind }).IsUnique();
        });
    }

    /// <summary>A list kept as one JSON text column (the same on SQLite and PostgreSQL).</summary>
    private static void Json<T>(PropertyBuilder<List<T>> property)
    {
        property.HasConversion(
            v => JsonSerializer.Serialize(v, JsonOptions),
            s => JsonSerializer.Deserialize<List<T>>(s, JsonOptions) ?? new List<T>(),
            new ValueComparer<List<T>>(
                (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
                v => JsonSerializer.Serialize(v, JsonOptions).GetHashCode(StringComparison.Ordinal),
                v => JsonSerializer.Deserialize<List<T>>(JsonSerializer.Serialize(v, JsonOptions), JsonOptions)!));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

internal sealed class OnCallDesignTimeFactory : IDesignTimeDbContextFactory<OnCallDbContext>
{
    public OnCallDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<OnCallDbContext>(args, ServiceNames.OnCall));
}
