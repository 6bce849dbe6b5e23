namespace CrisisComms.Contracts.Incidents;

/// <summary>An incident was opened and its hashtag issued. Monitoring starts watching the tag.</summary>
public record IncidentOpened(
    Guid IncidentId,
    string Organisation,
    string Title,
    string Hashtag,
    string Severity,
    DateTimeOffset OpenedAt);
