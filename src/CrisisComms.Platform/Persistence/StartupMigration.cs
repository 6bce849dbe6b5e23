using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Platform.Persistence;

/// <summary>A schema brought up to date before the bus, the scheduler or the web server start.</summary>
public interface IStartupMigration
{
    string Service { get; }

    Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken);
}

internal sealed class StartupMigration<TContext>(string service) : IStartupMigration
    where TContext : DbContext
{
    public string Service => service;

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        // Processes starting together each migrate the schemas they share, such as the platform's:
        // neither CREATE SCHEMA IF NOT EXISTS nor EF's migrations are safe against a concurrent twin,
        // so one migrates at a time and the others then find nothing to do.
        await StartupLock.RunAsync(db, $"migrate:{service}", async () =>
        {
            if (db.Database.IsNpgsql())
            {
                // The history table lives in the service's schema, so the schema must exist first.
                // The service name is one of ServiceNames (a constant), never input.
#pragma warning disable EF1002
                await db.Database.ExecuteSqlRawAsync($"CREATE SCHEMA IF NOT EXISTS \"{service}\"", cancellationToken);
#pragma warning restore EF1002
            }
            else
            {
                // WAL lets the outbox dispatcher read while a consumer writes.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await db.Database.MigrateAsync(cancellationToken);
        }, cancellationToken);
    }
}
