namespace CrisisComms.Contracts.Publishing;

/// <summary>
/// Command: post this rendering of a draft on one channel. <paramref name="IdempotencyKey"/> is stable
/// per (post, channel), so a redelivered command can never post twice.
/// </summary>
public record PublishToChannel(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    string Text,
    string IdempotencyKey);
