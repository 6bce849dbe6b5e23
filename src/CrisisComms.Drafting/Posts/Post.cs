namespace CrisisComms.Drafting.Posts;

internal enum ChannelStatus
{
    Pending,
    Published,
    Failed,

    /// <summary>The channel may or may not have it: an officer checks and settles it.</summary>
    Unknown,

    /// <summary>An officer asked for it to be taken down; publishing is on it.</summary>
    Withdrawing,

    /// <summary>Taken down (or cancelled before it went out).</summary>
    Withdrawn,
}

/// <summary>A message sent out on one or more channels for an incident.</summary>
internal sealed class Post
{
    public Guid Id { get; set; }

    public Guid IncidentId { get; set; }

    /// <summary>The draft this was published from.</summary>
    public Guid? DraftId { get; set; }

    public string Kind { get; set; } = "Initial";

    public string Headline { get; set; } = string.Empty;

    public required string Text { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<PostChannel> Channels { get; set; } = [];
}

/// <summary>Where a post stands on one channel, as publishing reports it.</summary>
internal sealed class PostChannel
{
    public Guid PostId { get; set; }

    public required string Channel { get; set; }

    public ChannelStatus Status { get; set; }

    public string? ChannelPostId { get; set; }

    public string? Url { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Stable per (post, channel): a redelivered command can never post twice.</summary>
    public static string IdempotencyKey(Guid postId, string channel) => $"{postId:N}:{channel}";
}
