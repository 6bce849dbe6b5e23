using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Drafting.Posts;

/// <summary>A channel took the post: the draft shows it as published, with the channel's id and link.</summary>
internal sealed class PostPublishedConsumer(DraftingDbContext db) : IdempotentConsumer<DraftingDbContext, PostPublished>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PostPublished> context)
    {
        var m = context.Message;
        var channel = await Db.PostChannels.FirstOrDefaultAsync(c => c.PostId == m.PostId && c.Channel == m.Channel, context.CancellationToken);
        if (channel is null || channel.Status == ChannelStatus.Withdrawn)
        {
            return;
        }

        // Overtaken by a withdrawal request: keep showing that, but learn where the post is.
        channel.Status = channel.Status == ChannelStatus.Withdrawing ? ChannelStatus.Withdrawing : ChannelStatus.Published;
        channel.ChannelPostId = m.ChannelPostId;
        channel.Url = m.Url;
        channel.Error = null;
        channel.UpdatedAt = m.PublishedAt;
    }
}

/// <summary>A channel refused the post: the officer sees the channel's own error text.</summary>
internal sealed class PostFailedConsumer(DraftingDbContext db) : IdempotentConsumer<DraftingDbContext, PostFailed>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PostFailed> context)
    {
        var m = context.Message;
        var channel = await Db.PostChannels.FirstOrDefaultAsync(c => c.PostId == m.PostId && c.Channel == m.Channel, context.CancellationToken);
        if (channel is null || channel.Status is ChannelStatus.Published or ChannelStatus.Withdrawing or ChannelStatus.Withdrawn)
        {
            return;
        }

        channel.Status = ChannelStatus.Failed;
        channel.Error = m.Reason;
        channel.UpdatedAt = m.FailedAt;
    }
}

/// <summary>Publishing could not tell whether a channel took the post: the draft shows it for an officer to settle.</summary>
internal sealed class PostOutcomeUnknownConsumer(DraftingDbContext db) : IdempotentConsumer<DraftingDbContext, PostOutcomeUnknown>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PostOutcomeUnknown> context)
    {
        var m = context.Message;
        var channel = await Db.PostChannels.FirstOrDefaultAsync(c => c.PostId == m.PostId && c.Channel == m.Channel, context.CancellationToken);
        if (channel is null || channel.Status is ChannelStatus.Published or ChannelStatus.Withdrawing or ChannelStatus.Withdrawn)
        {
            return;
        }

        channel.Status = ChannelStatus.Unknown;
        channel.Error = m.Reason;
        channel.UpdatedAt = m.At;
    }
}

/// <summary>A post is off a channel: the draft shows it withdrawn, and the record says when.</summary>
internal sealed class PostWithdrawnConsumer(DraftingDbContext db, AuditTrail audit) : IdempotentConsumer<DraftingDbContext, PostWithdrawn>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PostWithdrawn> context)
    {
        var m = context.Message;
        var channel = await Db.PostChannels.FirstOrDefaultAsync(c => c.PostId == m.PostId && c.Channel == m.Channel, context.CancellationToken);
        if (channel is null || channel.Status == ChannelStatus.Withdrawn)
        {
            return;
        }

        channel.Status = ChannelStatus.Withdrawn;
        channel.Error = null;
        channel.UpdatedAt = m.At;
        await audit.RecordSystemAsync("post.withdrawn", "post", m.PostId, m.IncidentId, null, new { m.Channel, m.Detail }, context.CancellationToken);
    }
}

/// <summary>Withdrawing failed: the post is still up, and the officer sees why in the channel's own words.</summary>
internal sealed class PostWithdrawFailedConsumer(DraftingDbContext db, AuditTrail audit) : IdempotentConsumer<DraftingDbContext, PostWithdrawFailed>(db)
{
    protected override async Task HandleAsync(ConsumeContext<PostWithdrawFailed> context)
    {
        var m = context.Message;
        var channel = await Db.PostChannels.FirstOrDefaultAsync(c => c.PostId == m.PostId && c.Channel == m.Channel, context.CancellationToken);
        if (channel is null || channel.Status != ChannelStatus.Withdrawing)
        {
            return;
        }

        channel.Status = channel.ChannelPostId is null ? ChannelStatus.Unknown : ChannelStatus.Published;
        channel.Error = $"not withdrawn: {m.Reason}";
        channel.UpdatedAt = m.At;
        await audit.RecordSystemAsync("post.withdraw-failed", "post", m.PostId, m.IncidentId, m.Reason, new { m.Channel }, context.CancellationToken);
    }
}
