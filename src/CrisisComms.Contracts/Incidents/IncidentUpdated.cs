namespace CrisisComms.Contracts.Incidents;

/// <summary>
/// An incident changed: severity, areas, summary, status (Open, StoodDown, Closed) or when the next
/// update is due. Carries the whole current picture, so a reader never needs an earlier event.
/// </summary>
public record IncidentUpdated(
    Guid IncidentId,
    string Title,
    string Hashtag,
    string Severity,
    string Status,
    IReadOnlyList<string> Areas,
    string? Summary,
    DateTimeOffset? NextUpdateDue,
    string ChangedBy,
    DateTimeOffset ChangedAt);
