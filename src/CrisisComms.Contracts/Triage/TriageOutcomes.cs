namespace CrisisComms.Contracts.Triage;

/// <summary>How an officer may resolve a triage item: triage validates against it, the console offers it.</summary>
public static class TriageOutcomes
{
    public static readonly IReadOnlyList<string> All = ["replied", "no action", "referred to partner", "escalated"];
}
