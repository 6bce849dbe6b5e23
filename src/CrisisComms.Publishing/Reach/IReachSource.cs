namespace CrisisComms.Publishing.Channels;

/// <summary>A channel's own figures for one of our posts.</summary>
internal sealed record ReachFigures(string ChannelPostId, long Impressions, long Engagements, long Shares, long Replies);

/// <summary>A channel that can say how far a post went (X public_metrics, Facebook insights).</summary>
internal interface IReachSource
{
    Task<IReadOnlyList<ReachFigures>> ReachAsync(IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken);
}
