namespace CrisisComms.Web.Partners;

/// <summary>
/// An invitation for a partner organisation to one incident's dashboard. Only a hash of the link's
/// secret is kept; the link works once, for a short time, and not after it is revoked or the incident closes.
/// </summary>
internal sealed class PartnerInvite
{
    public Guid Id { get; set; }

    public Guid IncidentId { get; set; }

    public required string Organisation { get; set; }

    /// <summary>Who it is for, as the officer wrote it (a name or role), for the list of invites.</summary>
    public string? Contact { get; set; }

    /// <summary>SHA-256 of the secret in the link, hex.</summary>
    public required string SecretHash { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    public Guid? UsedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }
}

/// <summary>A partner user's access to one incident: granted by an invite, ended by revocation or the incident closing.</summary>
internal sealed class PartnerAccess
{
    public Guid Id { get; set; }

    public Guid IncidentId { get; set; }

    public Guid UserId { get; set; }

    public required string Organisation { get; set; }

    public Guid? InviteId { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    /// <summary>When the incident closed and the access ended with it.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public bool Active => RevokedAt is null && EndedAt is null;
}
