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
internal sealed record Judgement(Verdict Verdict, Priority Priority, IReadOnlyList<string> Reasons);
