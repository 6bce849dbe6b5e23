using System.Text.Json;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Scheduling;
using CrisisComms.Platform.Telemetry;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Outbox;

/// <summary>
/// Publishes a context's committed outbox rows, in order, and marks them dispatched. Survives restarts
/// (the rows are durable) and runs on every replica: PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c> hands
/// each row to one of them. A crash between publish and mark re-publishes with the same message id,
/// which every consumer's inbox ignores.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    IMessageSchedule schedule,
    IOptions<OutboxOptions> options,
    PlatformMetrics metrics,
    TimeProvider time,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : ServiceDbContext
{
    private const int PublishConcurrency = 32;
    private DateTimeOffset _nextCleanup;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                dispatched = await DispatchBatchAsync(settings.BatchSize, stoppingToken);
                await CleanUpIfDueAsync(settings.Retention, stoppingToken);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 8))));
                LogDispatchFailed(typeof(TContext).Name, delay, e);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (dispatched < settings.BatchSize)
            {
                await signal.WaitAsync(typeof(TContext), settings.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Publishes up to <paramref name="batchSize"/> pending rows; returns how many went out.</summary>
    internal async Task<int> DispatchBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var locking = db.Database.IsNpgsql();
        await using var transaction = locking ? await db.Database.BeginTransactionAsync(cancellationToken) : null;

        var pending = locking
            ? await db.OutboxMessages
                .FromSqlRaw(LockPendingSql(db, batchSize))
                .ToListAsync(cancellationToken)
            : await db.OutboxMessages
                .Where(m => m.DispatchedAt == null)
                .OrderBy(m => m.Sequence)
                .Take(batchSize)
                .ToListAsync(cancellationToken);

        if (pending.Count == 0)
        {
            return 0;
        }

        var dispatched = 0;
        Exception? failure = null;
        foreach (var chunk in pending.Chunk(PublishConcurrency))
        {
            var results = await Task.WhenAll(chunk.Select(row => TryDispatchAsync(row, cancellationToken)));
            var now = time.GetUtcNow();
            for (var i = 0; i < chunk.Length; i++)
            {
                if (results[i] is null)
                {
                    chunk[i].DispatchedAt = now;
                    chunk[i].LastError = null;
                    dispatched++;
                }
                else
                {
                    chunk[i].Attempts++;
                    chunk[i].LastError = Truncate(results[i]!.Message, 2000);
                    failure ??= results[i];
                }
            }

            if (failure is not null)
            {
                // Keep the order: later rows wait until the broker takes the earlier ones.
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        metrics.OutboxDispatched(db.Service, dispatched);
        if (failure is not null)
        {
            throw new OutboxDispatchException($"outbox of {db.Service}: {dispatched} of {pending.Count} dispatched before a failure", failure);
        }

        return dispatched;
    }

    private async Task<Exception?> TryDispatchAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        try
        {
            if (row.DeliverAt is { } at && at > time.GetUtcNow())
            {
                await schedule.ScheduleAsync(ScheduledPublish.From(row), cancellationToken);
                return null;
            }

            var type = MessageTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, MessageTypes.Json)
                ?? throw new InvalidOperationException($"outbox row {row.Sequence} has an empty body");
            await bus.Publish(message, type, context => BusHeaders.Stamp(context, row.MessageId, row.IncidentId), cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return e;
        }
    }

    private async Task CleanUpIfDueAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now < _nextCleanup)
        {
            return;
        }

        _nextCleanup = now.AddHours(1);
        var cutoff = now - retention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var outbox = await db.OutboxMessages.Where(m => m.DispatchedAt != null && m.DispatchedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.InboxMessages.Where(m => m.HandledAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        inbox += await db.IdempotentRequests.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (outbox + inbox > 0)
        {
            LogCleanedUp(db.Service, outbox, inbox);
        }
    }

    private static string LockPendingSql(TContext db, int batchSize)
    {
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = $"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"";
        return $"SELECT * FROM {table} WHERE dispatched_at IS NULL ORDER BY sequence LIMIT {batchSize} FOR UPDATE SKIP LOCKED";
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch for {Context} failed; retrying in {Delay}")]
    private partial void LogDispatchFailed(string context, TimeSpan delay, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox of {Service}: removed {Outbox} dispatched rows and {Inbox} inbox entries past retention")]
    private partial void LogCleanedUp(string service, int outbox, int inbox);
}

internal sealed class OutboxDispatchException(string message, Exception inner) : Exception(message, inner);
