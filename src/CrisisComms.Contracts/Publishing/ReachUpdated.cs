namespace CrisisComms.Contracts.Publishing;

/// <summary>How far a published post went on a channel, as the channel reports it now.</summary>
public record ReachUpdated(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    long Impressions,
    long Engagements,
    long Shares,
    long Replies,
    DateTimeOffset MeasuredAt);
