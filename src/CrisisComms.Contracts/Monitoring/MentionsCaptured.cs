namespace CrisisComms.Contracts.Monitoring;

/// <summary>
/// Monitoring to itself: mentions a webhook delivered, checked and first-seen, durably on the bus so the
/// provider can be answered at once; a monitoring replica stores each (once, by channel and native id)
/// and announces it as <see cref="MentionReceived"/>.
/// </summary>
public record MentionsCaptured(string Source, string Channel, IReadOnlyList<CapturedMention> Mentions, DateTimeOffset ReceivedAt);

/// <summary>One mention as its channel described it (see <see cref="MentionReceived"/> for the fields).</summary>
public record CapturedMention(string NativeId, string Author, string Text, DateTimeOffset PostedAt)
{
    public string Kind { get; init; } = "Post";

    public string? AuthorId { get; init; }

    public long? AuthorFollowers { get; init; }

    public string? InReplyToNativeId { get; init; }

    public string? ConversationId { get; init; }

    public bool IsRepost { get; init; }

    public string? Url { get; init; }

    public string? Language { get; init; }

    /// <summary>Hashtags as the channel itself extracted them (X entities), without '#'; null to extract from the text.</summary>
    public IReadOnlyList<string>? Hashtags { get; init; }
}
