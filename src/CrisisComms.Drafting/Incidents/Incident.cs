namespace CrisisComms.Drafting.Incidents;

internal enum Severity
{
    Minor,
    Moderate,
    Major,
    Critical,
}

internal enum IncidentStatus
{
    Open,
    StoodDown,
    Closed,
}

/// <summary>The one record that posts, mentions, pages and partner views link to.</summary>
internal sealed class Incident
{
    public Guid Id { get; set; }

    public required string Organisation { get; set; }

    public required string Title { get; set; }

    public required string Hashtag { get; set; }

    public Severity Severity { get; set; }

    public IncidentStatus Status { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}
