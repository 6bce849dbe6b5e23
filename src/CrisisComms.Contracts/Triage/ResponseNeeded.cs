namespace CrisisComms.Contracts.Triage;

/// <summary>Triage judged that a mention needs a response by <paramref name="Deadline"/>.</summary>
public record ResponseNeeded(
    Guid ItemId,
    Guid MentionId,
    Guid? IncidentId,
    string Priority,
    DateTimeOffset Deadline,
    IReadOnlyList<string> Reasons);
