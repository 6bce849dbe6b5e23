namespace CrisisComms.Contracts.Monitoring;

/// <summary>Monitoring to itself: poll one source now (whichever replica takes it; one at a time by lease).</summary>
public record PollMonitoringSource(string Source);
