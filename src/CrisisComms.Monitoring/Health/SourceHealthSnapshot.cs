using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Monitoring.Health;

/// <summary>Keeps every replica's <c>/metrics</c> gauges of source health current (read from the shared rows every 15 seconds).</summary>
internal sealed partial class SourceHealthSnapshot(IServiceScopeFactory scopes, MonitoringMetrics metrics, TimeProvider time, ILogger<SourceHealthSnapshot> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRefreshFailed(e.Message);
            }

            await Task.Delay(Every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MonitoringDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<SourceCatalog>();
        var definitions = (await catalog.ListAsync(cancellationToken)).ToDictionary(d => d.Key, StringComparer.Ordinal);
        var states = await db.SourceStates.AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        metrics.Sources(states.Select(s =>
        {
            var (state, lag) = SourceHealthRules.Judge(s, definitions.GetValueOrDefault(s.Key), now);
            var since = s.LastSuccessAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : Math.Max(0, (now - s.ActiveSince).TotalSeconds);
            return new SourceGauge(s.Key, s.Channel, state, since, lag.TotalSeconds, s.ItemsPerMinute, s.ErrorsLastHour);
        }).ToList());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Source health gauges not refreshed: {Error}")]
    private partial void LogRefreshFailed(string error);
}
