namespace CrisisComms.Contracts.Publishing;

/// <summary>A paused channel takes posts again.</summary>
public record ChannelResumed(string Channel, string ResumedBy, DateTimeOffset ResumedAt);
