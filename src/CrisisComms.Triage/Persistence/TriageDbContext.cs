using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Triage.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.Triage.Persistence;

internal sealed class TriageDbContext(DbContextOptions<TriageDbContext> options)
    : ServiceDbContext(options, ServiceNames.Triage)
{
    public DbSet<TriageItem> Items => Set<TriageItem>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TriageItem>(e =>
        {
            e.ToTable("items");
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.MentionId).IsUnique();
            e.Property(i => i.Channel).HasMaxLength(40);
            e.Property(i => i.Author).HasMaxLength(200);
            e.Property(i => i.Text).HasMaxLength(20_000);
            e.Property(i => i.Reasons).HasMaxLength(4000);
            e.Property(i => i.Outcome).HasMaxLength(100);
            e.Property(i => i.Verdict).HasConversion<string>().HasMaxLength(20);
            // Stored as its number so the queue orders Critical (0) first.
            e.Property(i => i.Priority).HasConversion<int>();
            e.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(i => new { i.Status, i.Priority, i.Deadline });
        });
    }
}

internal sealed class TriageDesignTimeFactory : IDesignTimeDbContextFactory<TriageDbContext>
{
    public TriageDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<TriageDbContext>(args, ServiceNames.Triage));
}
