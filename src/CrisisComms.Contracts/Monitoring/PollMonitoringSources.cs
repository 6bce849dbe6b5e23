namespace CrisisComms.Contracts.Monitoring;

/// <summary>Scheduled command (recurring, every few seconds): ask each monitoring source that is due to poll.</summary>
public record PollMonitoringSources;
