using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Messaging;
using CrisisComms.Publishing.Persistence;
using MassTransit;

namespace CrisisComms.Publishing.Ledger;

/// <summary>
/// A reply from the triage queue becomes a post like any other — same ledger, same adapters, never sent
/// twice (keyed by the reply's id) — addressed to the one person and threaded under their message.
/// </summary>
internal sealed class ReplyRequestedConsumer(PublishingDbContext db, TimeProvider time) : IdempotentConsumer<PublishingDbContext, ReplyRequested>(db)
{
    private static readonly HashSet<string> Replyable = [ChannelNames.X, ChannelNames.Facebook, ChannelNames.Sms, ChannelNames.Email, ChannelNames.Telegram];

    protected override Task HandleAsync(ConsumeContext<ReplyRequested> context)
    {
        var m = context.Message;
        if (!Replyable.Contains(m.Channel))
        {
            Db.Outbox.Publish(new ReplyFailed(m.ReplyId, m.ItemId, m.Channel, $"{m.Channel}: replies are not possible on this channel", time.GetUtcNow()));
            return Task.CompletedTask;
        }

        if (string.IsNullOrWhiteSpace(m.Text))
        {
            Db.Outbox.Publish(new ReplyFailed(m.ReplyId, m.ItemId, m.Channel, "the reply is empty", time.GetUtcNow()));
            return Task.CompletedTask;
        }

        var needsRecipient = m.Channel is ChannelNames.Sms or ChannelNames.Email;
        if (needsRecipient && string.IsNullOrWhiteSpace(m.Recipient))
        {
            Db.Outbox.Publish(new ReplyFailed(m.ReplyId, m.ItemId, m.Channel, $"{m.Channel}: a reply needs the sender's {(m.Channel == ChannelNames.Sms ? "number" : "address")}", time.GetUtcNow()));
            return Task.CompletedTask;
        }

        Db.Outbox.Publish(new PublishToChannel(m.ReplyId, m.IncidentId ?? Guid.Empty, m.Channel, m.Text, $"reply:{m.ReplyId:N}")
        {
            Kind = "Reply",
            InReplyTo = m.InReplyToNativeId,
            Recipient = m.Recipient,
            ReplyToItemId = m.ItemId,
        });
        return Task.CompletedTask;
    }
}
