namespace CrisisComms.Contracts.Monitoring;

/// <summary>
/// Something said to or about the organisation, seen once (deduplicated by channel and native id).
/// <paramref name="IncidentId"/> is set when it matched a watched incident hashtag.
/// </summary>
public record MentionReceived(
    Guid MentionId,
    string Channel,
    string NativeId,
    string Author,
    string Text,
    DateTimeOffset PostedAt,
    Guid? IncidentId,
    string? MatchedWatch);
