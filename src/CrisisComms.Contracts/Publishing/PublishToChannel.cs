namespace CrisisComms.Contracts.Publishing;

/// <summary>
/// Command: post this rendering of a draft on one channel. <paramref name="IdempotencyKey"/> is stable
/// per (post, channel), so a redelivered command can never post twice. <paramref name="Text"/> is the
/// channel's own rendering (already within its limits, hashtag included where it fitted).
/// </summary>
public record PublishToChannel(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    string Text,
    string IdempotencyKey)
{
    /// <summary>Email subject, CAP/RSS headline.</summary>
    public string? Subject { get; init; }

    /// <summary>HTML body (email) or HTML-formatted text (Telegram parse mode HTML).</summary>
    public string? Html { get; init; }

    /// <summary>X: a thread, when the text is too long for one post; <see cref="Text"/> is then the first part.</summary>
    public IReadOnlyList<string>? Thread { get; init; }

    /// <summary>Follow-ups: the channel's own id of the post this replies to (X, Facebook).</summary>
    public string? InReplyTo { get; init; }

    /// <summary>CAP channel: the complete CAP 1.2 &lt;alert&gt; document.</summary>
    public string? CapXml { get; init; }

    /// <summary>Initial, Update, Correction, Retraction, AllClear, or Reply (an answer from the triage queue).</summary>
    public string? Kind { get; init; }

    /// <summary>
    /// One person instead of the account's audience: the phone number (SMS), address (email) or chat
    /// (Telegram) a reply goes to.
    /// </summary>
    public string? Recipient { get; init; }

    /// <summary>Set for a reply from the triage queue: its outcome is announced as ReplySent / ReplyFailed for this item.</summary>
    public Guid? ReplyToItemId { get; init; }
}
