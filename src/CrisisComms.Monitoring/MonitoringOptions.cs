using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Monitoring;

/// <summary><c>CrisisComms:Monitoring</c>: how often sources are polled and judged, and what counts as a spike.</summary>
internal sealed class MonitoringOptions : IValidatableObject
{
    public const string Section = "CrisisComms:Monitoring";

    /// <summary>How often the scheduler asks which sources are due (each source has its own interval).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often every source's health is judged and reported.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the last complete minute's volume is compared with its baseline.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan VolumeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>One call to a source's API (HTTP, IMAP).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a replica holds a source's poll lease without renewing it (renewed after every page).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pages one poll reads before it lets the next source have a turn (a backlog continues on the next poll).</summary>
    [Range(1, 1000)]
    public int MaxPagesPerPoll { get; set; } = 10;

    /// <summary>How far back a source looks the first time it polls (it has no cursor yet).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan FirstPollLookback { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A polled source with no successful poll for this long is stale (unless its account sets <c>staleAfterMinutes</c>).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest webhook body read; a larger one is refused before it is parsed.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int WebhookMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a webhook's account (settings, decrypted credentials) is reused per process before it is read
    /// again; 0 reads it for every delivery. A change on this replica, or a signature that fails, reads it at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan AccountCacheFor { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a webhook delivery id is remembered, so a replay is answered without being processed again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ReplayWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long Redis remembers a mention it has seen (the database's unique key remembers for ever).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long items a source could not read are kept for operators to look at.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan RejectionRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>When Redis has lost the volume counters, how far back they are recounted from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "31.00:00:00")]
    public TimeSpan VolumeRebuildWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Minutes before the one judged that make its baseline.</summary>
    [Range(10, 1440)]
    public int SpikeBaselineMinutes { get; set; } = 60;

    /// <summary>Fewer mentions than this in a minute is never a spike (quiet nights stay quiet).</summary>
    [Range(1, 1_000_000)]
    public int SpikeMinCount { get; set; } = 20;

    /// <summary>A spike is at least this many times the baseline…</summary>
    [Range(1.0, 1000.0)]
    public double SpikeMinRatio { get; set; } = 3.0;

    /// <summary>…and this many robust standard deviations above it.</summary>
    [Range(1.0, 100.0)]
    public double SpikeDeviations { get; set; } = 4.0;

    /// <summary>Quiet minutes after which a spike episode is over (a new spike is announced again).</summary>
    [Range(1, 1440)]
    public int SpikeCoolDownMinutes { get; set; } = 10;

    /// <summary>
    /// Optional: a copy of OASIS's CAP 1.2 XSD (CAP-v1.2.xsd, redistributable unmodified). When set, partners'
    /// CAP alerts are validated against it; without it they are checked for CAP's required elements and code lists.
    /// </summary>
    public string? CapSchemaPath { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(CapSchemaPath) && !File.Exists(CapSchemaPath))
        {
            yield return new ValidationResult($"'{CapSchemaPath}' does not exist", [nameof(CapSchemaPath)]);
        }
    }
}
