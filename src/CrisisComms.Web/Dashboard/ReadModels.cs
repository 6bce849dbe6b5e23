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

    /// <summary>The post a line is about (released, published, withdrawn…), to show its words.</summary>
    public Guid? PostId { get; set; }
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

/// <summary>A post as released for publishing: what was said, on which channels, by whom.</summary>
internal sealed class PublishedPost
{
    public Guid PostId { get; set; }

    public Guid IncidentId { get; set; }

    public Guid DraftId { get; set; }

    public required string Kind { get; set; }

    public required string Headline { get; set; }

    public required string Text { get; set; }

    /// <summary>The channels it was released to, comma-separated.</summary>
    public required string Channels { get; set; }

    public required string ReleasedBy { get; set; }

    public string? ApprovedBy { get; set; }

    public bool BreakGlass { get; set; }

    public DateTimeOffset ReleasedAt { get; set; }
}

/// <summary>Where one post stands on one channel (Pending, Published, Failed, Unknown, Withdrawn).</summary>
internal sealed class PostChannel
{
    public Guid PostId { get; set; }

    public required string Channel { get; set; }

    public Guid IncidentId { get; set; }

    public required string Status { get; set; }

    public string? Url { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A triage queue item as the dashboard shows it (the latest whole picture triage announced).</summary>
internal sealed class TriageItemView
{
    public Guid ItemId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Channel { get; set; }

    public required string Status { get; set; }

    /// <summary>needs_response, informational, irrelevant — or a rumour/question category triage names.</summary>
    public required string Judgement { get; set; }

    public required string Priority { get; set; }

    public required string Summary { get; set; }

    public int ClusterSize { get; set; }

    /// <summary>Reasons, one per line.</summary>
    public required string Reasons { get; set; }

    public string? AssignedTo { get; set; }

    public string? Outcome { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    public bool LifeSafety { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>A monitoring source's latest reported health.</summary>
internal sealed class SourceHealthView
{
    public required string Source { get; set; }

    public required string Channel { get; set; }

    public required string State { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public double LagSeconds { get; set; }

    public double ItemsPerMinute { get; set; }

    public int ErrorsLastHour { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>Mentions of an incident in one minute (unix minutes), and whether monitoring called it a spike.</summary>
internal sealed class MentionVolume
{
    public Guid IncidentId { get; set; }

    public long Minute { get; set; }

    public long Mentions { get; set; }

    public bool Spike { get; set; }
}

/// <summary>An escalation's latest picture: what started it and whom it is waiting on.</summary>
internal sealed class EscalationView
{
    public Guid EscalationId { get; set; }

    public required string Reason { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Status { get; set; }

    public int Level { get; set; }

    public string? WaitingOn { get; set; }

    public DateTimeOffset? NextStepAt { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A page nobody could be reached with: an alert in itself.</summary>
internal sealed class PageFailureView
{
    public Guid PageId { get; set; }

    public required string Reason { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Target { get; set; }

    public required string Error { get; set; }

    public DateTimeOffset FailedAt { get; set; }
}
