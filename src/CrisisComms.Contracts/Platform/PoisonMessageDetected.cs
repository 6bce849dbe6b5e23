namespace CrisisComms.Contracts.Platform;

/// <summary>
/// A message failed every retry and was moved to <paramref name="ErrorQueue"/>. Officers see this as an
/// alert; an operator inspects and replays or discards it (runbooks/operating.md).
/// </summary>
public record PoisonMessageDetected(
    string Service,
    string Queue,
    string ErrorQueue,
    string MessageType,
    Guid? MessageId,
    string Error,
    DateTimeOffset DetectedAt);
