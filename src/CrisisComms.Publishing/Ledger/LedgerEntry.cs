namespace CrisisComms.Publishing.Ledger;

internal enum LedgerStatus
{
    Attempted,
    Sent,
    Failed,
    Unknown,
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

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
