namespace CrisisComms.Contracts.Triage;

/// <summary>A triage item waited past its response deadline. On-call pages whoever is on duty.</summary>
public record SlaBreached(
    Guid ItemId,
    Guid? IncidentId,
    string Priority,
    DateTimeOffset Deadline,
    DateTimeOffset BreachedAt);
