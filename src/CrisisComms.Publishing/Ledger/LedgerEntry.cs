namespace CrisisComms.Publishing.Ledger;

internal enum LedgerStatus
{
    /// <summary>Taken, not yet tried (or waiting for its next try).</summary>
    Pending,

    /// <summary>A call to the channel is under way (or was, when the process died).</summary>
    Attempted,

    Sent,
    Failed,

    /// <summary>The channel may have taken it; looking it up could not tell. An officer settles it.</summary>
    Unknown,

    /// <summary>Taken down by an officer, or cancelled before it went out: it is never posted (again).</summary>
    Withdrawn,
}

/// <summary>One row per (post, channel): the durable memory that a post was sent, so it never is twice.</summary>
internal sealed class LedgerEntry
{
    public required string IdempotencyKey { get; set; }

    public Guid PostId { get; set; }

    public Guid IncidentId { get; set; }

    public required string Channel { get; set; }

    public LedgerStatus Status { get; set; }

    public string? ChannelPostId { get; set; }

    public string? Url { get; set; }

    public string? Error { get; set; }

    public int Attempts { get; set; }

    /// <summary>The command as received, so a retry, a resume or an officer's decision can rebuild it.</summary>
    public string? Command { get; set; }

    /// <summary>Posted to the sandbox (no live account for the channel at the time).</summary>
    public bool Sandbox { get; set; }

    /// <summary>When the next try is due (after a retryable failure, a rate limit or a paused channel).</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>X threads: the ids of the parts already posted, so a retry continues rather than repeats.</summary>
    public List<string> PartIds { get; set; } = [];

    /// <summary>A reply from the triage queue: its outcome is announced to that item (ReplySent / ReplyFailed).</summary>
    public Guid? ReplyItemId { get; set; }

    /// <summary>Who withdrew it and why, for the record.</summary>
    public string? WithdrawnBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A fresh row, not yet tried.</summary>
    public static LedgerEntry New(string idempotencyKey, Guid postId, Guid incidentId, string channel, DateTimeOffset now) => new()
    {
        IdempotencyKey = idempotencyKey,
        PostId = postId,
        IncidentId = incidentId,
        Channel = channel,
        Status = LedgerStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
