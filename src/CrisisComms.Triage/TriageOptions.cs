using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Triage;

/// <summary><c>CrisisComms:Triage</c>: response deadlines per priority (policy).</summary>
internal sealed class TriageOptions
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

    public TimeSpan DeadlineFor(Scoring.Priority priority) => priority switch
    {
        Scoring.Priority.Critical => CriticalDeadline,
        Scoring.Priority.High => HighDeadline,
        Scoring.Priority.Medium => MediumDeadline,
        _ => LowDeadline,
    };
}
