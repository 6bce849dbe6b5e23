namespace CrisisComms.Contracts.Drafting;

/// <summary>A draft has waited for approval longer than the organisation's policy allows. On-call pages someone.</summary>
public record ApprovalStalled(
    Guid DraftId,
    Guid IncidentId,
    string Headline,
    string Author,
    DateTimeOffset SubmittedAt,
    TimeSpan Limit,
    DateTimeOffset StalledAt);
