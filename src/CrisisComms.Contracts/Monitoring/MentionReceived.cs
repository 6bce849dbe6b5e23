namespace CrisisComms.Contracts.Monitoring;

/// <summary>
/// Something said to or about the organisation, seen once (deduplicated by channel and native id).
/// <paramref name="IncidentId"/> is set when it matched a watched incident hashtag.
/// </summary>
public record MentionReceived(
    Guid MentionId,
    string Channel,
    string NativeId,
    string Author,
    string Text,
    DateTimeOffset PostedAt,
    Guid? IncidentId,
    string? MatchedWatch)
{
    /// <summary>Which source saw it first: x-mentions, x-search, facebook-comments, facebook-webhook, sms, telegram, email, feed…</summary>
    public string? Source { get; init; }

    /// <summary>Post, Reply, Comment, VisitorPost, DirectMessage, Sms, Email, Alert (a partner's CAP/RSS warning).</summary>
    public string Kind { get; init; } = "Post";

    /// <summary>The channel's id for the author (X user id, phone number, email address), for replying.</summary>
    public string? AuthorId { get; init; }

    /// <summary>The author's audience (followers), when the channel says: a signal of reach for triage.</summary>
    public long? AuthorFollowers { get; init; }

    /// <summary>The channel's id of what this replies to, and of the conversation it belongs to.</summary>
    public string? InReplyToNativeId { get; init; }

    public string? ConversationId { get; init; }

    /// <summary>A repost/retweet/quote of someone else's words (a repeat, not a new voice).</summary>
    public bool IsRepost { get; init; }

    public string? Url { get; init; }

    public string? Language { get; init; }
}
