namespace CrisisComms.Contracts.Publishing;

/// <summary>A reply from the triage queue went out on its channel.</summary>
public record ReplySent(Guid ReplyId, Guid ItemId, string Channel, string? ChannelPostId, string? Url, DateTimeOffset SentAt);

/// <summary>A reply could not be sent; the officer sees the channel's own words.</summary>
public record ReplyFailed(Guid ReplyId, Guid ItemId, string Channel, string Reason, DateTimeOffset FailedAt);
