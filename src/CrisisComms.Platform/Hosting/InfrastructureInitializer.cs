using CrisisComms.Platform.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Platform.Hosting;

/// <summary>
/// Runs first among the hosted services: makes the data directory (embedded) and migrates every
/// service schema of this process, waiting for the database to come up (compose starts everything at
/// once), before the bus, the scheduler and the web server start.
/// </summary>
internal sealed partial class InfrastructureInitializer(
    PlatformSettings settings,
    IEnumerable<IStartupMigration> migrations,
    IServiceProvider services,
    TimeProvider time,
    ILogger<InfrastructureInitializer> logger) : IHostedService
{
    private static readonly TimeSpan DatabaseWait = TimeSpan.FromSeconds(90);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.IsEmbedded)
        {
            Directory.CreateDirectory(settings.DataDirectory);
        }

        var deadline = time.GetUtcNow() + DatabaseWait;
        foreach (var migration in migrations)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await migration.MigrateAsync(services, cancellationToken);
                    LogMigrated(migration.Service);
                    break;
                }
                catch (Exception e) when (IsUnreachable(e) && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
                {
                    LogWaiting(migration.Service, attempt, e.Message);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), time, cancellationToken);
                }
            }
        }

        await Security.KeyRingBootstrap.EnsureKeyAsync(services, time, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool IsUnreachable(Exception e) => e switch
    {
        Npgsql.NpgsqlException { IsTransient: true } => true,
        System.Net.Sockets.SocketException => true,
        TimeoutException => true,
        { InnerException: { } inner } => IsUnreachable(inner),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema of {Service} is up to date")]
    private partial void LogMigrated(string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database for {Service} not reachable yet (attempt {Attempt}): {Error}")]
    private partial void LogWaiting(string service, int attempt, string error);
}
