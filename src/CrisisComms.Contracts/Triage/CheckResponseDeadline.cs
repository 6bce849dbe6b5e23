namespace CrisisComms.Contracts.Triage;

/// <summary>Scheduled command: at a triage item's deadline, check whether it is still waiting.</summary>
public record CheckResponseDeadline(Guid ItemId);
