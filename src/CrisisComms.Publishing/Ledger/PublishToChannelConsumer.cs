using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Messaging;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Publishing.Ledger;

/// <summary>Posts on the channel a command names, records it in the ledger and reports the outcome.</summary>
internal sealed partial class PublishToChannelConsumer(
    PublishingDbContext db, IEnumerable<IChannelAdapter> adapters, TimeProvider time, ILogger<PublishToChannelConsumer> logger)
    : IdempotentConsumer<PublishingDbContext, PublishToChannel>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PublishToChannel> context)
    {
        var command = context.Message;
        var now = time.GetUtcNow();
        var entry = await Db.Ledger.FirstOrDefaultAsync(e => e.IdempotencyKey == command.IdempotencyKey, context.CancellationToken);
        if (entry is { Status: LedgerStatus.Sent })
        {
            // Sent before under this key (a new command id for the same post and channel): say so again, never post again.
            Db.Outbox.Publish(new PostPublished(command.PostId, command.IncidentId, command.Channel, entry.ChannelPostId, entry.Url, entry.UpdatedAt));
            return;
        }

        if (entry is null)
        {
            entry = new LedgerEntry
            {
                IdempotencyKey = command.IdempotencyKey,
                PostId = command.PostId,
                IncidentId = command.IncidentId,
                Channel = command.Channel,
                CreatedAt = now,
            };
            Db.Ledger.Add(entry);
        }

        entry.Status = LedgerStatus.Attempted;
        entry.Attempts++;
        entry.UpdatedAt = now;

        var adapter = adapters.First(a => a.Handles(command.Channel));
        var outcome = await adapter.PublishAsync(
            new ChannelPost(command.PostId, command.IncidentId, command.Channel, command.Text, command.IdempotencyKey),
            context.CancellationToken);

        entry.UpdatedAt = time.GetUtcNow();
        if (outcome.Published)
        {
            entry.Status = LedgerStatus.Sent;
            entry.ChannelPostId = outcome.ChannelPostId;
            entry.Url = outcome.Url;
            LogPublished(command.PostId, command.Channel, outcome.ChannelPostId);
            Db.Outbox.Publish(new PostPublished(command.PostId, command.IncidentId, command.Channel, outcome.ChannelPostId, outcome.Url, entry.UpdatedAt));
        }
        else
        {
            entry.Status = LedgerStatus.Failed;
            entry.Error = outcome.Error;
            LogRefused(command.PostId, command.Channel, outcome.Error);
            Db.Outbox.Publish(new PostFailed(command.PostId, command.IncidentId, command.Channel, outcome.Error ?? "refused", outcome.Permanent, entry.UpdatedAt));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} published on {Channel} as {ChannelPostId}")]
    private partial void LogPublished(Guid postId, string channel, string? channelPostId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} refused by {Channel}: {Error}")]
    private partial void LogRefused(Guid postId, string channel, string? error);
}
