namespace CrisisComms.Contracts.Triage;

/// <summary>
/// A mention looks like someone in danger (trapped, water rising, can't breathe…): Critical, and
/// on-call pages at once rather than waiting for a deadline.
/// </summary>
public record LifeSafetyDetected(
    Guid ItemId,
    Guid MentionId,
    Guid? IncidentId,
    string Channel,
    string Excerpt,
    IReadOnlyList<string> Reasons,
    DateTimeOffset DetectedAt);

/// <summary>
/// The whole current picture of a queue item, on every change (new, grown cluster, claimed, resolved…),
/// so a reader such as the dashboard never needs an earlier event.
/// </summary>
public record TriageItemUpdated(
    Guid ItemId,
    Guid? IncidentId,
    string Channel,
    string Status,
    string Judgement,
    string Priority,
    string Summary,
    int ClusterSize,
    IReadOnlyList<string> Reasons,
    string? AssignedTo,
    string? Outcome,
    DateTimeOffset Deadline,
    DateTimeOffset ChangedAt);

/// <summary>
/// Command to publishing: reply to a mention on its own channel, threaded under it
/// (<paramref name="InReplyToNativeId"/>), or to <paramref name="Recipient"/> for SMS and email.
/// <paramref name="ReplyId"/> makes it idempotent.
/// </summary>
public record ReplyRequested(
    Guid ReplyId,
    Guid ItemId,
    Guid? IncidentId,
    string Channel,
    string? InReplyToNativeId,
    string? Recipient,
    string Text,
    string RequestedBy);
