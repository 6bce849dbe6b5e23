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

    /// <summary>The name the hashtag was made from (e.g. "flood" for #DCCFlood).</summary>
    public required string ShortName { get; set; }

    public required string Hashtag { get; set; }

    public Severity Severity { get; set; }

    public IncidentStatus Status { get; set; }

    /// <summary>Places affected, in words the public uses ("Exeter St Thomas", "A38 Haldon Hill").</summary>
    public List<string> Areas { get; set; } = [];

    public string? Summary { get; set; }

    /// <summary>When the next update has been promised; shown to partners.</summary>
    public DateTimeOffset? NextUpdateDue { get; set; }

    public required string OpenedBy { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? StoodDownAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsLive => Status != IncidentStatus.Closed;
}
