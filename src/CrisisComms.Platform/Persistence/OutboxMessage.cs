namespace CrisisComms.Platform.Persistence;

/// <summary>
/// A message written in the same transaction as the state change that caused it, and published by the
/// dispatcher once that transaction has committed. The row keeps its <see cref="MessageId"/>, so a
/// re-dispatch after a crash is recognised by every consumer's inbox.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }

    public Guid MessageId { get; set; }

    /// <summary>Type name and assembly (no version) of the contract.</summary>
    public required string MessageType { get; set; }

    /// <summary>The message as JSON.</summary>
    public required string Body { get; set; }

    public Guid? IncidentId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When set and in the future, the message is handed to the scheduler instead of published now.</summary>
    public DateTimeOffset? DeliverAt { get; set; }

    /// <summary>Scheduler key for a scheduled message, so a later schedule with the same key replaces it.</summary>
    public string? ScheduleKey { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}
