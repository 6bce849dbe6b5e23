namespace CrisisComms.OnCall.Paging;

/// <summary>A page sent to one person about something waiting too long, and whether they acknowledged it.</summary>
internal sealed class Page
{
    public Guid Id { get; set; }

    public required string Reason { get; set; }

    public Guid SubjectId { get; set; }

    public Guid? IncidentId { get; set; }

    public Guid? EscalationId { get; set; }

    /// <summary>1-based level of the escalation this page belongs to.</summary>
    public int Level { get; set; }

    /// <summary>The escalation's step that sent it (a level can be paged again on a repeat).</summary>
    public int Step { get; set; }

    public Guid? PersonId { get; set; }

    public required string Recipient { get; set; }

    public required string Summary { get; set; }

    /// <summary>sending, sent (at least one way reached them), failed (none did).</summary>
    public string Status { get; set; } = PageStatus.Sending;

    /// <summary>When it was made and handed to the person's contact methods.</summary>
    public DateTimeOffset SentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }
}

internal static class PageStatus
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Failed = "failed";
}

/// <summary>
/// One call to one contact method: a page's trigger, its acknowledge or resolve follow-up, or a
/// handover notice. Written before the call, retried with backoff on 429, 5xx and network errors
/// (honouring Retry-After), never on a refusal such as 400.
/// </summary>
internal sealed class Delivery
{
    public Guid Id { get; set; }

    /// <summary>page, acknowledge, resolve, handover-reminder, handover-summary.</summary>
    public required string Purpose { get; set; }

    public Guid? PageId { get; set; }

    public Guid? EscalationId { get; set; }

    public Guid? NoticeId { get; set; }

    public Guid PersonId { get; set; }

    public Guid ContactMethodId { get; set; }

    public required string Kind { get; set; }

    /// <summary>What the console shows of the destination (never a secret).</summary>
    public required string Target { get; set; }

    public required string Title { get; set; }

    public required string Body { get; set; }

    /// <summary>pending, attempting, delivered, failed.</summary>
    public string Status { get; set; } = DeliveryStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

internal static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Attempting = "attempting";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

internal static class Purposes
{
    public const string Page = "page";
    public const string Acknowledge = "acknowledge";
    public const string Resolve = "resolve";
    public const string HandoverReminder = "handover-reminder";
    public const string HandoverSummary = "handover-summary";
}
