namespace CrisisComms.Drafting.Audit;

/// <summary>
/// One line of the audit log: who did what, to what, when and why. Append-only (the database refuses
/// updates and deletes) and hash-chained: each entry's hash covers the previous entry's hash, so an
/// edited or removed line breaks the chain from there on.
/// </summary>
internal sealed class AuditEntry
{
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public required string ActorId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>e.g. incident.opened, draft.approved, schedule.paused, crisis-switch.on.</summary>
    public required string Action { get; set; }

    public required string Entity { get; set; }

    public required string EntityId { get; set; }

    public Guid? IncidentId { get; set; }

    public string? Reason { get; set; }

    /// <summary>What changed, as JSON (for edits: the new version's text).</summary>
    public string? Details { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }
}
