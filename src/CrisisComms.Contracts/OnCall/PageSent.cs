namespace CrisisComms.Contracts.OnCall;

/// <summary>On-call paged someone about <paramref name="SubjectId"/> (a triage item, a draft, a source…).</summary>
public record PageSent(
    Guid PageId,
    string Reason,
    Guid SubjectId,
    Guid? IncidentId,
    string Recipient,
    DateTimeOffset SentAt);
