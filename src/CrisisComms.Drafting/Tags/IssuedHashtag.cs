namespace CrisisComms.Drafting.Tags;

/// <summary>
/// The register of issued tags. A live tag (its incident not closed) is never issued twice — a unique
/// index on the normalised tag of live rows guarantees it; retired rows are kept as history.
/// </summary>
internal sealed class IssuedHashtag
{
    public Guid Id { get; set; }

    public required string Tag { get; set; }

    /// <summary>Lower case: #DCCFlood and #dccflood are the same tag to the public.</summary>
    public required string Normalized { get; set; }

    public Guid IncidentId { get; set; }

    public required string IssuedBy { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }
}
