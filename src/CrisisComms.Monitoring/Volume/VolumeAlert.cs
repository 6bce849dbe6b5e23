namespace CrisisComms.Monitoring.Volume;

/// <summary>
/// A spike episode on one series: opened (and announced) when a minute spikes, raised again only when the
/// volume doubles on what was last announced, closed after <see cref="MonitoringOptions.SpikeCoolDownMinutes"/>
/// quiet minutes. Kept, so the dashboard can show past spikes on the series.
/// </summary>
internal sealed class VolumeAlert
{
    public Guid Id { get; set; }

    public required string Series { get; set; }

    public Guid? IncidentId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastSpikeAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public long PeakCount { get; set; }

    public long AnnouncedCount { get; set; }

    public double Baseline { get; set; }

    public double Ratio { get; set; }
}
