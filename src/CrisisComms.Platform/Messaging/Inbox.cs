using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Telemetry;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Platform.Messaging;

/// <summary>
/// The inbox: a consumer's effect, its outgoing messages and the record that it handled this message
/// id are committed in one transaction. A redelivered message (broker retry, outbox re-dispatch, a
/// second replica) is recognised by id and ignored, so at-least-once delivery is exactly-once in effect.
/// </summary>
public static class Inbox
{
    /// <summary>
    /// Runs <paramref name="handle"/> once per (message id, <paramref name="consumerKey"/>): it changes
    /// state through <paramref name="db"/> and adds follow-on messages to <c>db.Outbox</c>, without saving.
    /// </summary>
    public static async Task HandleOnceAsync<TContext>(TContext db, ConsumeContext context, string consumerKey, Func<Task> handle)
        where TContext : ServiceDbContext
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handle);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"a message for {consumerKey} arrived without a message id");
        var cancellationToken = context.CancellationToken;
        var services = context.TryGetPayload<IServiceProvider>(out var provider) ? provider : null;
        var time = services?.GetService<TimeProvider>() ?? TimeProvider.System;

        // A retry in the same scope must not save what the failed attempt left tracked.
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await AlreadyHandledAsync(db, messageId, consumerKey, cancellationToken))
            {
                Skipped(services, db, messageId, consumerKey);
                return;
            }

            db.InboxMessages.Add(new InboxMessage { MessageId = messageId, Consumer = consumerKey, HandledAt = time.GetUtcNow() });
            await handle();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica handled the same message id concurrently: its inbox row won the key.
            db.ChangeTracker.Clear();
            if (await AlreadyHandledAsync(db, messageId, consumerKey, cancellationToken))
            {
                Skipped(services, db, messageId, consumerKey);
                return;
            }

            throw;
        }
    }

    private static Task<bool> AlreadyHandledAsync(ServiceDbContext db, Guid messageId, string consumerKey, CancellationToken cancellationToken) =>
        db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumerKey, cancellationToken);

    private static void Skipped(IServiceProvider? services, ServiceDbContext db, Guid messageId, string consumerKey)
    {
        services?.GetService<PlatformMetrics>()?.InboxDuplicate(db.Service);
        services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(Inbox))
            .LogInformation("Ignored message {MessageId}: already handled by {Consumer}", messageId, consumerKey);
    }
}
