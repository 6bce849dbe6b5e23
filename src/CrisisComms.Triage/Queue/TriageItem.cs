using CrisisComms.Triage.Scoring;

namespace CrisisComms.Triage.Queue;

internal enum ItemStatus
{
    Open,
    Resolved,
}

/// <summary>A mention in the queue: the judgement, its reasons, and the deadline it is tracked against.</summary>
internal sealed class TriageItem
{
    public Guid Id { get; set; }

    public Guid MentionId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Channel { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }

    public Verdict Verdict { get; set; }

    public Priority Priority { get; set; }

    /// <summary>The reasons, one per line.</summary>
    public required string Reasons { get; set; }

    public ItemStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    public DateTimeOffset? BreachedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? Outcome { get; set; }
}
