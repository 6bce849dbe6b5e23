namespace CrisisComms.Contracts.Incidents;

/// <summary>An incident was closed. Monitoring stops watching its hashtag.</summary>
public record IncidentClosed(Guid IncidentId, string Hashtag, DateTimeOffset ClosedAt);
