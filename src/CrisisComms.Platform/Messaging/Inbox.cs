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

    /// <summary>
    /// The inbox for a batch: <paramref name="handle"/> gets the messages of <paramref name="context"/>
    /// that <paramref name="consumerKey"/> has not handled yet (by message id, each once, in arrival
    /// order) and changes state through <paramref name="db"/> without saving; their effect, outgoing
    /// messages and inbox records commit in one transaction. One lookup and one commit serve the batch.
    /// </summary>
    public static async Task HandleBatchOnceAsync<TContext, TMessage>(
        TContext db, ConsumeContext<Batch<TMessage>> context, string consumerKey, Func<IReadOnlyList<ConsumeContext<TMessage>>, Task> handle)
        where TContext : ServiceDbContext
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handle);
        var cancellationToken = context.CancellationToken;
        var services = context.TryGetPayload<IServiceProvider>(out var provider) ? provider : null;
        var time = services?.GetService<TimeProvider>() ?? TimeProvider.System;
        var batch = new List<(Guid Id, ConsumeContext<TMessage> Message)>(context.Message.Length);
        var seen = new HashSet<Guid>();
        foreach (var message in context.Message)
        {
            var id = message.MessageId
                ?? throw new InvalidOperationException($"a message for {consumerKey} arrived without a message id");
            if (seen.Add(id))
            {
                batch.Add((id, message));
            }
        }

        var ids = batch.Select(b => b.Id).ToList();
        db.ChangeTracker.Clear();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var handled = await HandledAsync(db, ids, consumerKey, cancellationToken);
            foreach (var id in handled)
            {
                Skipped(services, db, id, consumerKey);
            }

            var fresh = batch.Where(b => !handled.Contains(b.Id)).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            var now = time.GetUtcNow();
            db.InboxMessages.AddRange(fresh.Select(b => new InboxMessage { MessageId = b.Id, Consumer = consumerKey, HandledAt = now }));
            await handle(fresh.Select(b => b.Message).ToList());
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica handled some of these concurrently. When it handled them all there is nothing
            // left to do; otherwise the batch is retried and those it handled are then skipped.
            db.ChangeTracker.Clear();
            if ((await HandledAsync(db, ids, consumerKey, cancellationToken)).Count == ids.Count)
            {
                return;
            }

            throw;
        }
    }

    private static Task<bool> AlreadyHandledAsync(ServiceDbContext db, Guid messageId, string consumerKey, CancellationToken cancellationToken) =>
        db.InboxMessages.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumerKey, cancellationToken);

    private static async Task<HashSet<Guid>> HandledAsync(ServiceDbContext db, List<Guid> messageIds, string consumerKey, CancellationToken cancellationToken) =>
        [.. await db.InboxMessages.Where(m => m.Consumer == consumerKey && messageIds.Contains(m.MessageId)).Select(m => m.MessageId).ToListAsync(cancellationToken)];

    private static void Skipped(IServiceProvider? services, ServiceDbContext db, Guid messageId, string consumerKey)
    {
        services?.GetService<PlatformMetrics>()?.InboxDuplicate(db.Service);
        services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(Inbox))
            .LogInformation("Ignored message {MessageId}: already handled by {Consumer}", messageId, consumerKey);
    }
}
