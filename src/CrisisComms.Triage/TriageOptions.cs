using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Triage;

/// <summary><c>CrisisComms:Triage</c>: response deadlines per priority (policy), claims, clustering and the model.</summary>
internal sealed class TriageOptions : IValidatableObject
{
    public const string Section = "CrisisComms:Triage";

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan CriticalDeadline { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan HighDeadline { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MediumDeadline { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LowDeadline { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often the queue's clock looks for breached deadlines, woken snoozes and lapsed claims (the most a breach is late by).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a claim lasts without the officer doing anything with the item (each action renews it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The longest snooze allowed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxSnooze { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far back a new mention looks for a near-duplicate to join.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ClusterWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most differing fingerprint bits for two mentions to count as the same (0–3; bands guarantee up to 3).</summary>
    [Range(0, 3)]
    public int ClusterDistance { get; set; } = 3;

    /// <summary>The window growth is measured over ("40 similar in 10 min").</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan GrowthWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A cluster this size within the growth window is raised to at least High (a rumour then needs a response).</summary>
    [Range(2, 100_000)]
    public int SurgeSize { get; set; } = 10;

    /// <summary>Authors with at least this many followers are raised a step ("author reach 120k").</summary>
    [Range(1, long.MaxValue)]
    public long ReachThreshold { get; set; } = 10_000;

    /// <summary>"Reply to all" in a cluster sends at most this many replies at once.</summary>
    [Range(1, 1000)]
    public int ReplyFanOutLimit { get; set; } = 100;

    /// <summary>Most mentions judged and written in one intake transaction (docs/adr/0013).</summary>
    [Range(1, 500)]
    public int IntakeBatchSize { get; set; } = 100;

    /// <summary>Longest a mention waits for others to share its intake batch: added latency when quiet, fewer transactions when busy.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:01")]
    public TimeSpan IntakeBatchWait { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>A retrained model file (triage lab <c>train</c>); empty uses the one built in.</summary>
    public string? ModelPath { get; set; }

    public TimeSpan DeadlineFor(Scoring.Priority priority) => priority switch
    {
        Scoring.Priority.Critical => CriticalDeadline,
        Scoring.Priority.High => HighDeadline,
        Scoring.Priority.Medium => MediumDeadline,
        _ => LowDeadline,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(ModelPath) && !File.Exists(ModelPath))
        {
            yield return new ValidationResult($"no model file at '{ModelPath}'", [nameof(ModelPath)]);
        }
    }
}
