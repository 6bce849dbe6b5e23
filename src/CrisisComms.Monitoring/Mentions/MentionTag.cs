namespace CrisisComms.Monitoring.Mentions;

/// <summary>
/// A hashtag a stored mention carried (once per mention, lower case, without '#'), with who said it and
/// when: what makes the hashtag usage look-up exact rather than a text search.
/// </summary>
internal sealed class MentionTag
{
    public Guid MentionId { get; set; }

    public required string Tag { get; set; }

    /// <summary><c>channel:author id</c> (or the author's name where the channel gives no id), lower case: one person per key.</summary>
    public required string AuthorKey { get; set; }

    public required string AuthorName { get; set; }

    public DateTimeOffset PostedAt { get; set; }
}
