namespace CrisisComms.Contracts.OnCall;

/// <summary>Someone acknowledged a page (PagerDuty, Opsgenie, a signed link, the console): its escalation stops.</summary>
public record PageAcknowledged(
    Guid PageId,
    Guid EscalationId,
    string Reason,
    Guid SubjectId,
    Guid? IncidentId,
    string AcknowledgedBy,
    string Via,
    DateTimeOffset AcknowledgedAt);

/// <summary>A page could not be delivered to any of its targets: an alert in itself.</summary>
public record PageDeliveryFailed(
    Guid PageId,
    string Reason,
    Guid SubjectId,
    Guid? IncidentId,
    string Target,
    string Error,
    DateTimeOffset FailedAt);

/// <summary>
/// The whole current picture of an escalation (Open, Acknowledged, Resolved, Exhausted): what started
/// it, which level it is on, and whom it is waiting on.
/// </summary>
public record EscalationUpdated(
    Guid EscalationId,
    string Reason,
    Guid SubjectId,
    Guid? IncidentId,
    string Status,
    int Level,
    string? WaitingOn,
    DateTimeOffset? NextStepAt,
    DateTimeOffset ChangedAt);
