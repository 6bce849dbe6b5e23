namespace CrisisComms.OnCall.Paging;

/// <summary>A page sent to someone about something waiting too long, and whether they acknowledged it.</summary>
internal sealed class Page
{
    public Guid Id { get; set; }

    public required string Reason { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Recipient { get; set; }

    public required string Summary { get; set; }

    public DateTimeOffset SentAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }
}
