namespace CrisisComms.Contracts.Monitoring;

/// <summary>
/// A monitoring source (e.g. <c>x-mentions</c>, <c>x-search:#DCCFlood</c>, <c>sms</c>) has been silent
/// longer than its threshold: nothing heard, or every poll failing. On-call pages someone.
/// </summary>
public record SourceStale(
    string Source,
    string Channel,
    DateTimeOffset? LastSuccessAt,
    TimeSpan Threshold,
    string? LastError,
    DateTimeOffset DetectedAt);

/// <summary>A stale source is working again.</summary>
public record SourceRecovered(string Source, string Channel, DateTimeOffset RecoveredAt);

/// <summary>
/// Where a source stands, reported every minute and on every change of state (Healthy, Lagging,
/// Failing, Stale, Paused): the console and dashboard show it.
/// </summary>
public record SourceHealthReported(
    string Source,
    string Channel,
    string State,
    DateTimeOffset? LastSuccessAt,
    TimeSpan Lag,
    double ItemsPerMinute,
    int ErrorsLastHour,
    string? LastError,
    DateTimeOffset At);

/// <summary>
/// Mention volume in one series (all, an incident, a channel, a watch) jumped well above its rolling
/// baseline. <paramref name="Series"/> names it, e.g. <c>incident:{id}</c>, <c>channel:x</c>, <c>watch:#DCCFlood</c>.
/// </summary>
public record VolumeSpike(
    Guid? IncidentId,
    string Series,
    long Count,
    double Baseline,
    double Ratio,
    DateTimeOffset Minute);
