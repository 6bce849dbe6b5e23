using CrisisComms.Contracts.Publishing;
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
        if (channel is null)
        {
            return;
        }

        channel.Status = ChannelStatus.Published;
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
        if (channel is null || channel.Status == ChannelStatus.Published)
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
        if (channel is null || channel.Status == ChannelStatus.Published)
        {
            return;
        }

        channel.Status = ChannelStatus.Unknown;
        channel.Error = m.Reason;
        channel.UpdatedAt = m.At;
    }
}
