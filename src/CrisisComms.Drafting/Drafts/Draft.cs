namespace CrisisComms.Drafting.Drafts;

internal enum DraftKind
{
    /// <summary>The first message of an incident (or any standalone one).</summary>
    Initial,

    Update,
    Correction,
    Retraction,
    AllClear,
}

internal enum DraftStatus
{
    Draft,
    AwaitingApproval,
    Rejected,
    Published,
}

/// <summary>
/// One message, written once and rendered per channel. Every edit is kept as a version; approval,
/// rejection and publishing are recorded on it and in the audit log.
/// </summary>
internal sealed class Draft
{
    public Guid Id { get; set; }

    public Guid IncidentId { get; set; }

    public DraftKind Kind { get; set; }

    /// <summary>For follow-ups: the post this one updates, corrects, retracts or closes.</summary>
    public Guid? FollowsPostId { get; set; }

    public DraftStatus Status { get; set; }

    public int Version { get; set; }

    public required string Headline { get; set; }

    public required string Body { get; set; }

    public List<string> Channels { get; set; } = [];

    public string? TemplateKey { get; set; }

    public int? TemplateVersion { get; set; }

    public required string CreatedBy { get; set; }

    public required string CreatedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public string? DecidedBy { get; set; }

    public string? DecidedByName { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? RejectionReason { get; set; }

    public bool BreakGlass { get; set; }

    public string? BreakGlassReason { get; set; }

    /// <summary>The post made from this draft once published.</summary>
    public Guid? PostId { get; set; }

    public List<DraftVersion> Versions { get; set; } = [];
}

/// <summary>A draft as it was at one version: every edit is kept.</summary>
internal sealed class DraftVersion
{
    public Guid DraftId { get; set; }

    public int Version { get; set; }

    public required string Headline { get; set; }

    public required string Body { get; set; }

    public List<string> Channels { get; set; } = [];

    public required string EditedBy { get; set; }

    public required string EditedByName { get; set; }

    public DateTimeOffset EditedAt { get; set; }

    public string? Reason { get; set; }
}
