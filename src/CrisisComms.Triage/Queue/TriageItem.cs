using CrisisComms.Triage.Scoring;

namespace CrisisComms.Triage.Queue;

internal enum ItemStatus
{
    /// <summary>In the queue, waiting for an officer.</summary>
    Open,

    /// <summary>Out of view until <see cref="TriageItem.SnoozedUntil"/>; back in the queue after.</summary>
    Snoozed,

    /// <summary>Dealt with: <see cref="TriageItem.Outcome"/> says how.</summary>
    Resolved,

    /// <summary>Judged not to need anyone (informational, irrelevant): kept for clustering, counts and labels.</summary>
    Filed,
}

internal enum ReplyState
{
    None,
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// A queue item: one mention, or a cluster of near-duplicates of it (retweets, copy-paste, the same
/// question), with the judgement, its reasons, the deadline it is tracked against, who has it, and
/// what became of it.
/// </summary>
internal sealed class TriageItem
{
    public Guid Id { get; set; }

    /// <summary>The first mention of the cluster (its words are the item's words).</summary>
    public Guid MentionId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Channel { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }

    public Verdict Verdict { get; set; }

    public Priority Priority { get; set; }

    /// <summary>The reasons, one per line.</summary>
    public required string Reasons { get; set; }

    public bool LifeSafety { get; set; }

    public bool Rumour { get; set; }

    /// <summary>The learned model's probability that it needs a response, when a model is loaded.</summary>
    public float? Score { get; set; }

    public ItemStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    public DateTimeOffset? BreachedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? Outcome { get; set; }

    public string? ResolvedBy { get; set; }

    public string? AssignedTo { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimExpiresAt { get; set; }

    public DateTimeOffset? SnoozedUntil { get; set; }

    /// <summary>How many mentions the cluster holds, and how many arrived in the growth window before the last one.</summary>
    public int ClusterSize { get; set; } = 1;

    public int RecentCount { get; set; } = 1;

    public DateTimeOffset LastSeenAt { get; set; }

    public long Fingerprint { get; set; }

    public int Band0 { get; set; }

    public int Band1 { get; set; }

    public int Band2 { get; set; }

    public int Band3 { get; set; }

    /// <summary>False for text too short to cluster (empty, emoji only): such an item never gathers others.</summary>
    public bool Clusterable { get; set; }

    public ReplyState ReplyStatus { get; set; }

    /// <summary>The channel's own words when a reply failed; the reply's link when it was sent.</summary>
    public string? ReplyDetail { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedVia { get; set; }

    /// <summary>Optimistic concurrency: two officers claiming at once, or two mentions joining at once, cannot both win.</summary>
    public int Version { get; set; }

    /// <summary>Claimed by someone whose lease has not run out.</summary>
    public string? ActiveClaimant(DateTimeOffset now) => ClaimExpiresAt > now ? ClaimedBy : null;

    /// <summary>In the queue now (open, or snoozed and woken).</summary>
    public bool Waiting(DateTimeOffset now) => Status == ItemStatus.Open || (Status == ItemStatus.Snoozed && SnoozedUntil <= now);

    public IReadOnlyList<string> ReasonList => Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One mention as received, and the item (cluster) it belongs to.</summary>
internal sealed class TriageMention
{
    public Guid MentionId { get; set; }

    public Guid ItemId { get; set; }

    public required string Channel { get; set; }

    public required string NativeId { get; set; }

    public required string Author { get; set; }

    public string? AuthorId { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public required string Kind { get; set; }

    public string? Source { get; set; }

    public long? AuthorFollowers { get; set; }

    public bool IsRepost { get; set; }

    public string? InReplyToNativeId { get; set; }

    public string? ConversationId { get; set; }

    public string? Url { get; set; }

    public string? Language { get; set; }

    public Verdict Verdict { get; set; }

    public Priority Priority { get; set; }

    /// <summary>A reply was requested to this very mention (so "reply to all" does not answer it twice).</summary>
    public Guid? ReplyId { get; set; }
}

internal enum ReplyRowStatus
{
    Requested,
    Sent,
    Failed,
}

/// <summary>A reply sent from the queue through publishing, and what became of it.</summary>
internal sealed class TriageReply
{
    public Guid Id { get; set; }

    public Guid ItemId { get; set; }

    public Guid MentionId { get; set; }

    public required string Channel { get; set; }

    public required string Text { get; set; }

    public string? TemplateKey { get; set; }

    public ReplyRowStatus Status { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Url { get; set; }

    public string? Error { get; set; }
}

/// <summary>An officer's decision, kept as a training label for the next model (see the triage lab).</summary>
internal sealed class TriageLabel
{
    public Guid Id { get; set; }

    public Guid ItemId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Text { get; set; }

    public bool NeedsResponse { get; set; }

    public Priority Priority { get; set; }

    public Verdict Verdict { get; set; }

    public required string Outcome { get; set; }

    public required string DecidedBy { get; set; }

    public DateTimeOffset DecidedAt { get; set; }
}
