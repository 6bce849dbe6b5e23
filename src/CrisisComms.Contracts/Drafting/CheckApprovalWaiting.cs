namespace CrisisComms.Contracts.Drafting;

/// <summary>Scheduled command: at the approval limit, check whether this submission of the draft still waits.</summary>
public record CheckApprovalWaiting(Guid DraftId, int Version);
