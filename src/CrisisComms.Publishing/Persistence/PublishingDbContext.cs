using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Channels.Sandbox;
using CrisisComms.Publishing.Ledger;
using CrisisComms.Publishing.Public;
using CrisisComms.Publishing.Recipients;
using CrisisComms.Publishing.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Publishing.Persistence;

internal sealed class PublishingDbContext(DbContextOptions<PublishingDbContext> options)
    : ServiceDbContext(options, ServiceNames.Publishing)
{
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();

    public DbSet<SandboxPost> SandboxPosts => Set<SandboxPost>();

    public DbSet<ChannelAccount> ChannelAccounts => Set<ChannelAccount>();

    public DbSet<Recipient> Recipients => Set<Recipient>();

    public DbSet<SmsDelivery> SmsDeliveries => Set<SmsDelivery>();

    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<PublicEntry> PublicEntries => Set<PublicEntry>();

    public DbSet<PublicIncident> PublicIncidents => Set<PublicIncident>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("ledger");
            e.HasKey(l => l.IdempotencyKey);
            e.Property(l => l.IdempotencyKey).HasMaxLength(200);
            e.Property(l => l.Channel).HasMaxLength(40);
            // Every status change is a compare-and-set: a withdrawal and a publish attempt can never both win.
            e.Property(l => l.Status).HasConversion<string>().HasMaxLength(20).IsConcurrencyToken();
            e.Property(l => l.ChannelPostId).HasMaxLength(200);
            e.Property(l => l.Url).HasMaxLength(2000);
            e.Property(l => l.Error).HasMaxLength(2000);
            e.Property(l => l.WithdrawnBy).HasMaxLength(1000);
            e.HasIndex(l => new { l.PostId, l.Channel }).IsUnique();
            e.HasIndex(l => new { l.Status, l.UpdatedAt });
            e.HasIndex(l => new { l.Channel, l.Status });
        });

        modelBuilder.Entity<SandboxPost>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Channel).HasMaxLength(40);
            e.Property(p => p.Text).HasMaxLength(20_000);
            e.Property(p => p.IdempotencyKey).HasMaxLength(200);
            // The sandbox is a channel too: it must never hold one post twice.
            e.HasIndex(p => p.IdempotencyKey).IsUnique();
            e.HasIndex(p => new { p.IncidentId, p.PostedAt });
        });

        modelBuilder.Entity<ChannelAccount>(e =>
        {
            e.ToTable("channel_accounts");
            e.HasKey(a => a.Channel);
            e.Property(a => a.Channel).HasMaxLength(40);
            e.Property(a => a.Settings).HasMaxLength(8000);
            e.Property(a => a.PausedReason).HasMaxLength(2000);
            e.Property(a => a.LastError).HasMaxLength(2000);
        });

        modelBuilder.Entity<Recipient>(e =>
        {
            e.HasKey(r => r.Id);
            e.Property(r => r.Channel).HasMaxLength(40);
            e.Property(r => r.Group).HasMaxLength(60);
            e.Property(r => r.Address).HasMaxLength(320);
            e.Property(r => r.Name).HasMaxLength(200);
            e.HasIndex(r => new { r.Channel, r.Group, r.Address }).IsUnique();
        });

        modelBuilder.Entity<SmsDelivery>(e =>
        {
            e.ToTable("sms_deliveries");
            e.HasKey(d => new { d.PostId, d.Recipient });
            e.Property(d => d.Recipient).HasMaxLength(32);
            e.Property(d => d.MessageSid).HasMaxLength(64);
            e.Property(d => d.Status).HasMaxLength(20);
            e.Property(d => d.ErrorCode).HasMaxLength(500);
            e.HasIndex(d => d.MessageSid);
        });

        modelBuilder.Entity<WebhookSubscription>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasKey(s => s.Id);
            e.Property(s => s.Name).HasMaxLength(120);
            e.Property(s => s.Url).HasMaxLength(2000);
        });

        modelBuilder.Entity<WebhookDelivery>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasKey(d => new { d.PostId, d.SubscriptionId });
            e.Property(d => d.Status).HasMaxLength(20);
            e.Property(d => d.Error).HasMaxLength(2000);
        });

        modelBuilder.Entity<PublicEntry>(e =>
        {
            e.ToTable("public_entries");
            e.HasKey(p => new { p.PostId, p.Channel });
            e.Property(p => p.Channel).HasMaxLength(40);
            e.Property(p => p.Kind).HasMaxLength(20);
            e.Property(p => p.Headline).HasMaxLength(300);
            e.Property(p => p.Text).HasMaxLength(20_000);
            e.Property(p => p.CapIdentifier).HasMaxLength(100);
            e.HasIndex(p => new { p.Channel, p.PublishedAt });
            e.HasIndex(p => p.CapIdentifier);
        });

        modelBuilder.Entity<PublicIncident>(e =>
        {
            e.ToTable("public_incidents");
            e.HasKey(i => i.IncidentId);
            e.Property(i => i.Title).HasMaxLength(200);
            e.Property(i => i.Hashtag).HasMaxLength(140);
            e.Property(i => i.Status).HasMaxLength(20);
            e.Property(i => i.Summary).HasMaxLength(4000);
        });
    }
}

internal sealed class PublishingDesignTimeFactory : IDesignTimeDbContextFactory<PublishingDbContext>
{
    public PublishingDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PublishingDbContext>(args, ServiceNames.Publishing));
}
