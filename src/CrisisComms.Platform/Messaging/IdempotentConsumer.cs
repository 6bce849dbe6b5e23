using CrisisComms.Platform.Persistence;
using MassTransit;

namespace CrisisComms.Platform.Messaging;

/// <summary>
/// A consumer of one message type whose effect is exactly-once (see <see cref="Inbox"/>). Every service
/// consumer that changes state derives from this, or calls <see cref="Inbox.HandleOnceAsync"/> itself.
/// </summary>
public abstract class IdempotentConsumer<TContext, TMessage> : IConsumer<TMessage>
    where TContext : ServiceDbContext
    where TMessage : class
{
    protected IdempotentConsumer(TContext db) => Db = db;

    protected TContext Db { get; }

    /// <summary>Inbox key of this consumer: two consumers of one message each handle it once.</summary>
    protected virtual string ConsumerKey => GetType().Name;

    public Task Consume(ConsumeContext<TMessage> context) =>
        Inbox.HandleOnceAsync(Db, context, ConsumerKey, () => HandleAsync(context));

    /// <summary>Change state through <see cref="Db"/> and add follow-on messages to <c>Db.Outbox</c>; do not save.</summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context);
}
