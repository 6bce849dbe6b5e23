namespace CrisisComms.Contracts.Publishing;

/// <summary>
/// A channel may or may not have taken the post (a timeout, a crash mid-call) and looking it up on the
/// channel could not tell. It is not retried blindly: an officer checks the channel and settles it.
/// </summary>
public record PostOutcomeUnknown(Guid PostId, Guid IncidentId, string Channel, string Reason, DateTimeOffset At);
