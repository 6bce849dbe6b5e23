using System.Text.RegularExpressions;

namespace CrisisComms.Triage.Scoring;

/// <summary>
/// Explainable rules: someone in danger first, then questions put to us, then what mentions the
/// incident. Pure, so it is tested without a host.
/// </summary>
internal static partial class RuleScorer
{
    public static Judgement Judge(string text, bool matchedIncidentHashtag)
    {
        var reasons = new List<string>();
        var safety = LifeSafety().Matches(text ?? string.Empty).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        if (safety.Count > 0)
        {
            reasons.Add($"life-safety words: {string.Join(", ", safety)}");
            if (matchedIncidentHashtag)
            {
                reasons.Add("incident hashtag");
            }

            return new Judgement(Verdict.NeedsResponse, Priority.Critical, reasons);
        }

        var question = Question().IsMatch(text ?? string.Empty);
        if (question)
        {
            reasons.Add("asks a question of us");
        }

        if (matchedIncidentHashtag)
        {
            reasons.Add("incident hashtag");
        }

        return (question, matchedIncidentHashtag) switch
        {
            (true, true) => new Judgement(Verdict.NeedsResponse, Priority.High, reasons),
            (true, false) => new Judgement(Verdict.NeedsResponse, Priority.Medium, reasons),
            (false, true) => new Judgement(Verdict.Informational, Priority.Low, reasons),
            _ => new Judgement(Verdict.Irrelevant, Priority.Low, ["no question, no incident hashtag"]),
        };
    }

    [GeneratedRegex(@"\b(trapped|drowning|water(?:'s| is)? rising|can'?t breathe|unconscious|injured|not breathing|help us|fire spreading|stuck in (?:the )?(?:car|house|water))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LifeSafety();

    [GeneratedRegex(@"\?|^\s*(how|when|where|what|why|who|is|are|can|will|should|does|do)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Question();
}
