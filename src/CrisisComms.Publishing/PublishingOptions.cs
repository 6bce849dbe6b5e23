using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Publishing;

/// <summary><c>CrisisComms:Publishing</c>: how hard publishing tries, and when a channel is paused.</summary>
internal sealed class PublishingOptions
{
    public const string Section = "CrisisComms:Publishing";

    /// <summary>How long one call to a channel may take before its outcome is "unknown".</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>First retry after a retryable failure; doubling (with jitter) up to <see cref="RetryCap"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryCap { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>After this many retryable attempts a post is handed to an officer as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Consecutive failures that trip a channel's kill switch.</summary>
    [Range(1, 1000)]
    public int KillSwitchThreshold { get; set; } = 5;

    /// <summary>How often a post waiting for a paused channel checks again (a resume sends it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PausedRecheck { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often reach figures are fetched for recent posts, and for how long after publishing.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan ReachInterval { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ReachWindow { get; set; } = TimeSpan.FromDays(2);
}
