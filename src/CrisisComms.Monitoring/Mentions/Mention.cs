namespace CrisisComms.Monitoring.Mentions;

/// <summary>One thing said on one channel, stored once: (channel, native id) is unique.</summary>
internal sealed class Mention
{
    public Guid Id { get; set; }

    public required string Channel { get; set; }

    public required string NativeId { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public Guid? IncidentId { get; set; }

    public string? MatchedWatch { get; set; }

    /// <summary>The source that heard it first (x-mentions, x-search:#tag, facebook-webhook…).</summary>
    public string? Source { get; set; }

    public string Kind { get; set; } = MentionKinds.Post;

    public string? AuthorId { get; set; }

    public long? AuthorFollowers { get; set; }

    public string? InReplyToNativeId { get; set; }

    public string? ConversationId { get; set; }

    public bool IsRepost { get; set; }

    public string? Url { get; set; }

    public string? Language { get; set; }
}

internal static class MentionKinds
{
    public const string Post = "Post";
    public const string Reply = "Reply";
    public const string Comment = "Comment";
    public const string VisitorPost = "VisitorPost";
    public const string DirectMessage = "DirectMessage";
    public const string Sms = "Sms";
    public const string Email = "Email";
    public const string Alert = "Alert";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Post, Reply, Comment, VisitorPost, DirectMessage, Sms, Email, Alert };
}
