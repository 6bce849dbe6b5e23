using CrisisComms.Monitoring.Mentions;
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
            // Behind the Redis dedupe: losing Redis never lets a duplicate through.
            e.HasIndex(m => new { m.Channel, m.NativeId }).IsUnique();
            e.HasIndex(m => new { m.IncidentId, m.ReceivedAt });
        });
    }
}

internal sealed class MonitoringDesignTimeFactory : IDesignTimeDbContextFactory<MonitoringDbContext>
{
    public MonitoringDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<MonitoringDbContext>(args, ServiceNames.Monitoring));
}
