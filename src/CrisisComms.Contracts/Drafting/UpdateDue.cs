namespace CrisisComms.Contracts.Drafting;

/// <summary>The next update promised for an incident is due now (a reminder to the duty officer; partners see it).</summary>
public record UpdateDue(Guid IncidentId, string Title, DateTimeOffset DueAt, string? Note);
