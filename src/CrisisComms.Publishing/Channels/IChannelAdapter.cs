namespace CrisisComms.Publishing.Channels;

/// <summary>What to post on one channel, and the key that makes posting it twice impossible.</summary>
internal sealed record ChannelPost(Guid PostId, Guid IncidentId, string Channel, string Text, string IdempotencyKey);

/// <summary>A channel's answer: posted (with its own id and link), or refused with its own error text.</summary>
internal sealed record ChannelOutcome(bool Published, string? ChannelPostId, string? Url, string? Error, bool Permanent)
{
    public static ChannelOutcome Posted(string channelPostId, string? url) => new(true, channelPostId, url, null, false);

    public static ChannelOutcome Refused(string error, bool permanent) => new(false, null, null, error, permanent);
}

/// <summary>One per channel, under <c>Channels/&lt;Channel&gt;/</c>.</summary>
internal interface IChannelAdapter
{
    /// <summary>The channel names this adapter posts to.</summary>
    bool Handles(string channel);

    Task<ChannelOutcome> PublishAsync(ChannelPost post, CancellationToken cancellationToken);
}
