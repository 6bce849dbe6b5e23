namespace CrisisComms.Triage.Scoring;

internal enum Verdict
{
    NeedsResponse,
    Informational,
    Irrelevant,
}

internal enum Priority
{
    Critical,
    High,
    Medium,
    Low,
}

/// <summary>What triage made of a mention, and why, in words an officer can check at a glance.</summary>
internal sealed record Judgement(Verdict Verdict, Priority Priority, IReadOnlyList<string> Reasons)
{
    /// <summary>Someone looks in danger now: page on-call at once and offer the "call 999" reply.</summary>
    public bool LifeSafety { get; init; }

    /// <summary>Hearsay that may need correcting; its cluster's growth raises it.</summary>
    public bool Rumour { get; init; }

    /// <summary>The learned model's probability that it needs a response (null without a model).</summary>
    public float? Score { get; init; }

    /// <summary>An officer should see it: it needs a response, or it is Critical, or a partner's warning.</summary>
    public bool Queued => Verdict == Verdict.NeedsResponse || Priority == Priority.Critical;
}

/// <summary>What triage knows about a mention besides its words.</summary>
internal readonly record struct MentionFacts(
    string? Text,
    string Kind = "Post",
    bool MatchedIncident = false,
    long? AuthorFollowers = null,
    bool IsRepost = false,
    string? Source = null);
