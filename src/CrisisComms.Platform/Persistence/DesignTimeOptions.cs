using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Platform.Persistence;

/// <summary>
/// For <c>dotnet ef migrations add … -- --provider sqlite|postgres</c> (see tools/add-migration.sh):
/// options for the provider whose migration set is being generated. Nothing connects.
/// </summary>
public static class DesignTimeOptions
{
    public static DbContextOptions<TContext> For<TContext>(string[] args, string service)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(args);
        var index = Array.IndexOf(args, "--provider");
        var provider = index >= 0 && index + 1 < args.Length ? args[index + 1] : "sqlite";
        var options = new DbContextOptionsBuilder<TContext>();
        switch (provider)
        {
            case "sqlite":
                options.UseSqlite("Data Source=design-time.db", s => s.MigrationsHistoryTable("__ef_migrations_history"));
                break;
            case "postgres":
                options.UseNpgsql("Host=localhost;Database=design_time", n => n.MigrationsHistoryTable("__ef_migrations_history", service));
                break;
            default:
                throw new ArgumentException($"--provider must be sqlite or postgres, not '{provider}'", nameof(args));
        }

        PersistenceExtensions.ConfigureShared(options);
        return options.Options;
    }
}
