namespace CrisisComms.Publishing.Public;

/// <summary>A post on the public incident page and in the RSS/Atom feeds (channel web), or an alert in the CAP feed (channel cap).</summary>
internal sealed class PublicEntry
{
    public Guid PostId { get; set; }

    public required string Channel { get; set; }

    public Guid IncidentId { get; set; }

    public required string Kind { get; set; }

    public required string Headline { get; set; }

    public required string Text { get; set; }

    public string? Html { get; set; }

    public string? CapIdentifier { get; set; }

    public string? CapXml { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>Taken down by an officer: the page shows a notice in its place; feeds leave it out.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>What the public page shows about an incident (from drafting's events).</summary>
internal sealed class PublicIncident
{
    public Guid IncidentId { get; set; }

    public required string Title { get; set; }

    public required string Hashtag { get; set; }

    public required string Status { get; set; }

    public string? Summary { get; set; }

    public List<string> Areas { get; set; } = [];

    public DateTimeOffset? NextUpdateDue { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
