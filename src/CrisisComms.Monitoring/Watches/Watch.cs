namespace CrisisComms.Monitoring.Watches;

/// <summary>A search the ingestor keeps running on every channel: an incident hashtag or a keyword.</summary>
internal sealed class Watch
{
    public Guid Id { get; set; }

    public Guid? IncidentId { get; set; }

    /// <summary>What is searched for, e.g. <c>#DCCFlood</c>.</summary>
    public required string Term { get; set; }

    public bool Active { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }
}
