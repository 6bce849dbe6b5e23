using CrisisComms.OnCall.Paging;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CrisisComms.OnCall.Persistence;

internal sealed class OnCallDbContext(DbContextOptions<OnCallDbContext> options)
    : ServiceDbContext(options, ServiceNames.OnCall)
{
    public DbSet<Page> Pages => Set<Page>();

    protected override void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Page>(e =>
        {
            e.HasKey(p => p.Id);
            e.Property(p => p.Reason).HasMaxLength(60);
            e.Property(p => p.Recipient).HasMaxLength(200);
            e.Property(p => p.Summary).HasMaxLength(1000);
            e.Property(p => p.AcknowledgedBy).HasMaxLength(200);
            e.HasIndex(p => new { p.SubjectId, p.Reason });
            e.HasIndex(p => p.SentAt);
        });
    }
}

internal sealed class OnCallDesignTimeFactory : IDesignTimeDbContextFactory<OnCallDbContext>
{
    public OnCallDbContext CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<OnCallDbContext>(args, ServiceNames.OnCall));
}
