using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Triage.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Triage.Persistence;

internal sealed class TriageDbContext(DbContextOptions<TriageDbContext> options)
    : ServiceDbContext(options, ServiceNames.Triage)
{
    /// <summary>The longest text kept (a mention longer than this is kept truncated, never dropped).</summary>
    public const int MaxText = 20_000;

    public DbSet<TriageItem> Items => Set<TriageItem>();

    public DbSet<TriageMention> Mentions => Set<TriageMention>();

    public DbSet<TriageReply> Replies => Set<TriageReply>();

    public DbSet<TriageLabel> Labels => Set<TriageLabel>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TriageItem>(e =>
        {
            e.ToTable("items");
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.MentionId).IsUnique();
            e.Property(i => i.Channel).HasMaxLength(40);
            e.Property(i => i.Author).HasMaxLength(200);
            e.Property(i => i.Text).HasMaxLength(MaxText);
            e.Property(i => i.Reasons).HasMaxLength(4000);
            e.Property(i => i.Outcome).HasMaxLength(100);
            e.Property(i => i.ResolvedBy).HasMaxLength(200);
            e.Property(i => i.AssignedTo).HasMaxLength(200);
            e.Property(i => i.ClaimedBy).HasMaxLength(200);
            e.Property(i => i.AcknowledgedBy).HasMaxLength(200);
            e.Property(i => i.AcknowledgedVia).HasMaxLength(60);
            e.Property(i => i.ReplyDetail).HasMaxLength(2000);
            e.Property(i => i.Verdict).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.ReplyStatus).HasConversion<string>().HasMaxLength(20);
            // Stored as its number so the queue orders Critical (0) first.
            e.Property(i => i.Priority).HasConversion<int>();
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => new { i.Status, i.Priority, i.Deadline });
            e.HasIndex(i => i.LastSeenAt);
            // The console's "what changed since" poll.
            e.HasIndex(i => i.UpdatedAt);
            // The sweeper's lapsed claims.
            e.HasIndex(i => i.ClaimExpiresAt);
            // Near-duplicate lookup: any shared band, then the distance is checked (see Fingerprint).
            e.HasIndex(i => new { i.IncidentId, i.Band0 });
            e.HasIndex(i => new { i.IncidentId, i.Band1 });
            e.HasIndex(i => new { i.IncidentId, i.Band2 });
            e.HasIndex(i => new { i.IncidentId, i.Band3 });
        });

        modelBuilder.Entity<TriageMention>(e =>
        {
            e.ToTable("mentions");
            e.HasKey(m => m.MentionId);
            e.HasIndex(m => new { m.ItemId, m.ReceivedAt });
            e.Property(m => m.Channel).HasMaxLength(40);
            e.Property(m => m.NativeId).HasMaxLength(200);
            e.Property(m => m.Author).HasMaxLength(200);
            e.Property(m => m.AuthorId).HasMaxLength(200);
            e.Property(m => m.Text).HasMaxLength(MaxText);
            e.Property(m => m.Kind).HasMaxLength(40);
            e.Property(m => m.Source).HasMaxLength(60);
            e.Property(m => m.InReplyToNativeId).HasMaxLength(200);
            e.Property(m => m.ConversationId).HasMaxLength(200);
            e.Property(m => m.Url).HasMaxLength(2000);
            e.Property(m => m.Language).HasMaxLength(20);
            e.Property(m => m.Verdict).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.Priority).HasConversion<int>();
        });

        modelBuilder.Entity<TriageReply>(e =>
        {
            e.ToTable("replies");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.ItemId);
            e.Property(r => r.Channel).HasMaxLength(40);
            e.Property(r => r.Text).HasMaxLength(4000);
            e.Property(r => r.TemplateKey).HasMaxLength(60);
            e.Property(r => r.RequestedBy).HasMaxLength(200);
            e.Property(r => r.Url).HasMaxLength(2000);
            e.Property(r => r.Error).HasMaxLength(2000);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        });

        modelBuilder.Entity<TriageLabel>(e =>
        {
            e.ToTable("labels");
            e.HasKey(l => l.Id);
            e.HasIndex(l => l.DecidedAt);
            e.HasIndex(l => l.ItemId);
            e.Property(l => l.Text).HasMaxLength(MaxText);
            e.Property(l => l.Outcome).HasMaxLength(100);
            e.Property(l => l.DecidedBy).HasMaxLength(200);
            e.Property(l => l.Verdict).HasConversion<string>().HasMaxLength(20);
            e.Property(l => l.Priority).HasConversion<int>();
        });
    }
}

internal sealed class TriageDesignTimeFactory : IDesignTimeDbContextFactory<TriageDbContext>
{
    public TriageDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<TriageDbContext>(args, ServiceNames.Triage));
}
