namespace CrisisComms.OnCall.Escalations;

internal static class EscalationStatus
{
    public const string Open = "Open";
    public const string Acknowledged = "Acknowledged";
    public const string Resolved = "Resolved";

    /// <summary>Every level (and repeat) paged and nobody acknowledged: still active, shown as an alert.</summary>
    public const string Exhausted = "Exhausted";
}

/// <summary>
/// One escalation per subject (a triage item, a draft, a source, a channel…): further triggers about
/// the same subject while it is active are counted on it, not paged again.
/// </summary>
internal sealed class Escalation
{
    public Guid Id { get; set; }

    /// <summary>The trigger that started it (sla-breached, life-safety…).</summary>
    public required string Reason { get; set; }

    /// <summary>The subject as a key: the item or draft id, <c>source:x-mentions</c>, <c>channel:x</c>… Also PagerDuty's dedup_key and Opsgenie's alias.</summary>
    public required string SubjectKey { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? IncidentId { get; set; }

    /// <summary>The subject key while the escalation is active, null after: unique, so one active escalation per subject across replicas.</summary>
    public string? ActiveKey { get; set; }

    public Guid? PolicyId { get; set; }

    public required string PolicyName { get; set; }

    /// <summary>The policy's levels when it started, so editing a policy never breaks one under way.</summary>
    public List<EscalationLevel> Levels { get; set; } = [];

    public int RepeatTimes { get; set; }

    public required string Summary { get; set; }

    /// <summary>critical, error, warning or info (PagerDuty's scale; Opsgenie P1–P4 follow it).</summary>
    public required string Severity { get; set; }

    public required string Status { get; set; }

    /// <summary>0-based level now paged.</summary>
    public int Level { get; set; }

    /// <summary>How many times the whole policy has been repeated.</summary>
    public int Cycle { get; set; }

    /// <summary>Counts every move; a timer names the step it was set for, so a stale one is ignored.</summary>
    public int Step { get; set; }

    public string? WaitingOn { get; set; }

    public DateTimeOffset? NextStepAt { get; set; }

    public int TriggerCount { get; set; } = 1;

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastTriggeredAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public string? AcknowledgedVia { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsActive => Status is EscalationStatus.Open or EscalationStatus.Exhausted or EscalationStatus.Acknowledged;
}

/// <summary>Everything that happened to an escalation, in order, with its time: the audit trail.</summary>
internal sealed class EscalationEvent
{
    public long Id { get; set; }

    public Guid EscalationId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>started, paged, nobody-on-call, escalated, repeated, exhausted, retriggered, acknowledged, resolved, delivery-failed.</summary>
    public required string Kind { get; set; }

    public int Level { get; set; }

    public required string Detail { get; set; }
}

/// <summary>An acknowledgement received (the first one stops the escalation; later ones are recorded too).</summary>
internal sealed class Acknowledgement
{
    public Guid Id { get; set; }

    public Guid EscalationId { get; set; }

    public Guid? PageId { get; set; }

    public required string By { get; set; }

    /// <summary>console, pagerduty, opsgenie, link.</summary>
    public required string Via { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>False when the escalation was already acknowledged or resolved.</summary>
    public bool Effective { get; set; }
}
