namespace CrisisComms.Drafting.Schedules;

internal enum ScheduledKind
{
    /// <summary>Publish a draft at a time (e.g. "next update at 14:00", or a routine post).</summary>
    Post,

    /// <summary>Remind the duty officer (e.g. that the promised update is due).</summary>
    Reminder,
}

internal enum ScheduledStatus
{
    Pending,
    Done,

    /// <summary>A routine post that fell due while the crisis switch was on: held for an officer to release or cancel.</summary>
    Held,

    Cancelled,

    /// <summary>Due, but its draft could not be published (not approved, blocked by risk checks): the officer is told.</summary>
    Failed,
}

/// <summary>
/// Something to do at a time. A routine item (business as usual: bin days, opening hours) is held by
/// the crisis switch; an item that is part of an incident response never is.
/// </summary>
internal sealed class ScheduledItem
{
    public Guid Id { get; set; }

    public Guid? IncidentId { get; set; }

    public ScheduledKind Kind { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public Guid? DraftId { get; set; }

    public string? Note { get; set; }

    public ScheduledStatus Status { get; set; }

    public string? Outcome { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool Routine { get; set; }
}
