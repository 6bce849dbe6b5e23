namespace CrisisComms.Contracts.Publishing;

/// <summary>
/// A draft was released for publishing (approved, or published at once where no approval is needed,
/// or break-glass): one <see cref="PublishToChannel"/> per channel follows.
/// </summary>
public record PostReleased(
    Guid PostId,
    Guid DraftId,
    Guid IncidentId,
    string Kind,
    string Headline,
    string Text,
    IReadOnlyList<string> Channels,
    string ReleasedBy,
    string? ApprovedBy,
    bool BreakGlass,
    DateTimeOffset ReleasedAt);
