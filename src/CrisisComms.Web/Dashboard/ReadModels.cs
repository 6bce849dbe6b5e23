namespace CrisisComms.Web.Dashboard;

/// <summary>An incident as partners see it, built from events.</summary>
internal sealed class IncidentView
{
    public Guid IncidentId { get; set; }

    public required string Title { get; set; }

    public required string Hashtag { get; set; }

    public required string Severity { get; set; }

    public required string Status { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? Summary { get; set; }

    /// <summary>When the next update has been promised (partners see it).</summary>
    public DateTimeOffset? NextUpdateDue { get; set; }

    /// <summary>When the picture shown was current (the last <c>IncidentUpdated</c> applied).</summary>
    public DateTimeOffset? UpdatedAt { get; set; }

    public DateTimeOffset? LastPublishedAt { get; set; }

    public int PostsPublished { get; set; }

    public int Mentions { get; set; }

    public int WaitingForResponse { get; set; }
}

/// <summary>One line of an incident's timeline: what was said, heard, judged or paged, and when.</summary>
internal sealed class TimelineEntry
{
    public long Id { get; set; }

    public Guid IncidentId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Kind { get; set; }

    public required string Summary { get; set; }

    public string? Channel { get; set; }
}

/// <summary>A poison message any service reported; shown to officers until dealt with.</summary>
internal sealed class AlertView
{
    public Guid Id { get; set; }

    public required string Service { get; set; }

    public required string Queue { get; set; }

    public required string MessageType { get; set; }

    public Guid? MessageId { get; set; }

    public required string Error { get; set; }

    public DateTimeOffset DetectedAt { get; set; }
}

/// <summary>How far a post went on a channel (latest figures).</summary>
internal sealed class PostReach
{
    public Guid PostId { get; set; }

    public required string Channel { get; set; }

    public Guid IncidentId { get; set; }

    public long Impressions { get; set; }

    public long Engagements { get; set; }

    public long Shares { get; set; }

    public long Replies { get; set; }

    public DateTimeOffset MeasuredAt { get; set; }
}

/// <summary>A channel's state as partners and officers see it (paused by its kill switch or not).</summary>
internal sealed class ChannelState
{
    public required string Channel { get; set; }

    public bool Paused { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}
