using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Platform.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// Registers a service's DbContext on the infrastructure in use, migrates it at start, runs its
    /// outbox dispatcher, and adds it to readiness.
    /// </summary>
    public static PlatformBuilder AddServiceDbContext<TContext>(this PlatformBuilder platform, string service)
        where TContext : ServiceDbContext
    {
        ArgumentNullException.ThrowIfNull(platform);
        var settings = platform.Settings;
        platform.Services.AddDbContext<TContext>((sp, options) =>
        {
            Configure(options, settings, service);
            options.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>());
        });
        platform.Services.AddSingleton<IStartupMigration>(new StartupMigration<TContext>(service));
        platform.Services.AddHostedService<OutboxDispatcher<TContext>>();
        platform.Services.AddHealthChecks().AddDbContextCheck<TContext>(
            $"database-{service}",
            tags: ["ready"],
            customTestQuery: (db, ct) => db.Database.CanConnectAsync(ct));
        return platform;
    }

    /// <summary>Provider, naming, schema and migrations for a service context (also used at design time).</summary>
    public static void Configure(DbContextOptionsBuilder options, PlatformSettings settings, string service)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.IsEmbedded)
        {
            options.UseSqlite(
                DatabaseConnections.Sqlite(settings, service),
                sqlite => sqlite.MigrationsHistoryTable("__ef_migrations_history"));
        }
        else
        {
            options.UseNpgsql(
                settings.Postgres,
                npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", service));
        }

        ConfigureShared(options);
    }

    /// <summary>What every service context shares whatever the provider.</summary>
    public static void ConfigureShared(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseSnakeCaseNamingConvention();
        options.ReplaceService<IModelCacheKeyFactory, ProviderAwareModelCacheKeyFactory>();
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
    }
}
