namespace CrisisComms.Drafting.Organisation;

internal enum ApprovalMode
{
    /// <summary>Submit publishes at once: many teams work without sign-off.</summary>
    None,

    /// <summary>A second officer (an approver, never the author) must approve.</summary>
    SecondPerson,
}

internal enum RiskAction
{
    Warn,
    Block,
}

/// <summary>
/// The organisation's policies: its hashtag prefix, approval, risk checks, and the crisis switch.
/// One row; seeded from <see cref="DraftingOptions"/>, changed by admins (every change audited).
/// </summary>
internal sealed class OrganisationSettings
{
    public const string PrefixPattern = "^[A-Za-z][A-Za-z0-9]{1,9}$";

    public int Id { get; set; } = 1;

    public required string Name { get; set; }

    public required string HashtagPrefix { get; set; }

    public required string CapSender { get; set; }

    public required string PublicBaseUrl { get; set; }

    public ApprovalMode ApprovalMode { get; set; } = ApprovalMode.None;

    /// <summary>How long a draft may wait for approval before on-call is paged.</summary>
    public TimeSpan ApprovalStallLimit { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Roles allowed to publish without approval, with a reason.</summary>
    public List<string> BreakGlassRoles { get; set; } = ["Admin"];

    public RiskAction PersonalDataAction { get; set; } = RiskAction.Block;

    public RiskAction BannedWordsAction { get; set; } = RiskAction.Block;

    public RiskAction LinksAction { get; set; } = RiskAction.Warn;

    public List<string> BannedWords { get; set; } = [];

    /// <summary>Links to these domains (and their subdomains) pass; others are flagged.</summary>
    public List<string> AllowedLinkDomains { get; set; } = ["gov.uk", "nhs.uk", "police.uk", "metoffice.gov.uk"];

    /// <summary>Phone numbers the organisation publishes on purpose (helplines): never flagged as personal data.</summary>
    public List<string> PublishedPhoneNumbers { get; set; } = [];

    /// <summary>A candidate hashtag seen at least this often recently is "in use by others".</summary>
    public int HashtagInUseThreshold { get; set; } = 3;

    /// <summary>While on, routine (non-incident) scheduled posts are held, not sent.</summary>
    public bool CrisisSwitchOn { get; set; }

    public string? CrisisSwitchReason { get; set; }

    public string? CrisisSwitchBy { get; set; }

    public DateTimeOffset? CrisisSwitchAt { get; set; }
}
