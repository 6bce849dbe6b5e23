namespace CrisisComms.Platform.Persistence;

/// <summary>A message a consumer has handled, recorded in the same transaction as its effect.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public required string Consumer { get; set; }

    public DateTimeOffset HandledAt { get; set; }
}
