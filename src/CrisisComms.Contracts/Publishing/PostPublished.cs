namespace CrisisComms.Contracts.Publishing;

/// <summary>A post reached a channel. <paramref name="ChannelPostId"/> is the channel's own id for it.</summary>
public record PostPublished(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    string? ChannelPostId,
    string? Url,
    DateTimeOffset PublishedAt);
