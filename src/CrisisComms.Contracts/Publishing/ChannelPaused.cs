namespace CrisisComms.Contracts.Publishing;

/// <summary>
/// A channel was paused — by its kill switch after repeated failures, or by an officer. Posts for it
/// wait; the other channels keep their speed. On-call escalates it.
/// </summary>
public record ChannelPaused(string Channel, string Reason, bool Automatic, string? LastError, DateTimeOffset PausedAt);
