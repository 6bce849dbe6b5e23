using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Scheduling;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Sources;

/// <summary>
/// The scheduler's tick: every source that is due is handed out as a <see cref="PollMonitoringSource"/>
/// (whichever replica takes it polls). Handing out moves the source's next turn by compare-and-set, so two
/// ticks never hand out the same turn.
/// </summary>
[IdempotentBy("it only hands out poll requests, each turn once by compare-and-set; a poll repeated anyway is stopped by the lease and the fencing token")]
internal sealed partial class PollMonitoringSourcesConsumer(
    MonitoringDbContext db,
    SourceCatalog catalog,
    SourceHealthRecorder health,
    TimeProvider time,
    ILogger<PollMonitoringSourcesConsumer> logger) : IConsumer<PollMonitoringSources>
{
    public async Task Consume(ConsumeContext<PollMonitoringSources> context)
    {
        try
        {
            foreach (var key in await DueAsync(context.CancellationToken))
            {
                await context.Publish(new PollMonitoringSource(key), context.CancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTickFailed(e);
        }
    }

    /// <summary>Sources whose turn it is, each claimed for this tick.</summary>
    internal async Task<List<string>> DueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = new List<string>();
        foreach (var definition in (await catalog.ListAsync(cancellationToken)).Where(d => d.Polled))
        {
            var state = await health.EnsureAsync(definition, cancellationToken);
            if (state.NextPollAt > now || state.BackoffUntil > now)
            {
                continue;
            }

            var turn = state.NextPollAt;
            var claimed = await db.SourceStates.Where(s => s.Key == definition.Key && s.NextPollAt == turn)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NextPollAt, now + definition.Interval), cancellationToken);
            if (claimed == 1)
            {
                due.Add(definition.Key);
            }
        }

        return due;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The poll tick failed; the next tick tries again")]
    private partial void LogTickFailed(Exception exception);
}

/// <summary>Polls one source (its turn was claimed by the tick).</summary>
[IdempotentBy("the poll lease and the source's fencing token: a repeated request polls again at most, and (channel, native id) is unique")]
internal sealed partial class PollMonitoringSourceConsumer(SourcePoller poller, ILogger<PollMonitoringSourceConsumer> logger) : IConsumer<PollMonitoringSource>
{
    public async Task Consume(ConsumeContext<PollMonitoringSource> context)
    {
        try
        {
            await poller.PollAsync(context.Message.Source, evenIfNotDue: true, context.CancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database or Redis is down: the cursor has not moved; the next turn tries again.
            LogPollFailed(context.Message.Source, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Source}: the poll could not run; its next turn tries again")]
    private partial void LogPollFailed(string source, Exception exception);
}

/// <summary>Sets up (or replaces) monitoring's recurring schedules once the application has started.</summary>
internal sealed partial class MonitoringSchedules(IServiceProvider services, IOptions<MonitoringOptions> options, IHostApplicationLifetime lifetime, ILogger<MonitoringSchedules> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = ScheduleAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task ScheduleAsync()
    {
        try
        {
            var schedule = services.GetRequiredService<IMessageSchedule>();
            var settings = options.Value;
            await schedule.ScheduleRecurringAsync("monitoring-poll", settings.TickInterval, new PollMonitoringSources(), CancellationToken.None);
            await schedule.ScheduleRecurringAsync("monitoring-health", settings.HealthInterval, new CheckSourceHealth(), CancellationToken.None);
            await schedule.ScheduleRecurringAsync("monitoring-volume", settings.VolumeInterval, new CheckMentionVolume(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScheduleFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Monitoring's schedules could not be set up: sources will not be polled until a restart")]
    private partial void LogScheduleFailed(Exception exception);
}
