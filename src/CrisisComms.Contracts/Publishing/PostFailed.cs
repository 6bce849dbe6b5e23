namespace CrisisComms.Contracts.Publishing;

/// <summary>A post could not be published on a channel. <paramref name="Reason"/> is the channel's own error text.</summary>
public record PostFailed(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    string Reason,
    bool Permanent,
    DateTimeOffset FailedAt);
