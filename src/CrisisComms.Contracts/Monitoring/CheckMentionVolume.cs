namespace CrisisComms.Contracts.Monitoring;

/// <summary>Scheduled command (every minute): compare the last minute's mention volume with its baseline, raise <see cref="VolumeSpike"/>.</summary>
public record CheckMentionVolume;
