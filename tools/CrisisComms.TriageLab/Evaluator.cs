using System.Globalization;
using CrisisComms.Triage.Scoring;

namespace CrisisComms.TriageLab;

/// <summary>
/// Leave-events-out evaluation: the events are dealt into folds; each fold is judged by a model trained
/// (thresholds included) on the other folds only, as a new incident would be. Rows without an event
/// (Figure Eight) are dealt into the folds by id.
/// </summary>
internal static class Evaluator
{
    private sealed record Outcome(LabelledRow Row, Judgement Judged, Judgement RulesOnly, int Fold, float CriticalScore);

    public static void Run(IReadOnlyList<LabelledRow> rows, int folds, TextWriter output, string? dump = null)
    {
        var foldOf = Trainer.DealByEvent(rows, folds, "row:");
        var outcomes = new List<Outcome>(rows.Count);
        var rulesOnly = new TriageScorer(null);
        for (var fold = 0; fold < folds; fold++)
        {
            var train = rows.Where((_, i) => foldOf[i] != fold).ToList();
            var test = Enumerable.Range(0, rows.Count).Where(i => foldOf[i] == fold).ToList();
            var heldEvents = test.Select(i => rows[i].Event).Where(e => e.Length > 0).Distinct().Order().ToList();
            output.WriteLine($"fold {fold + 1}/{folds}: training on {train.Count} rows; judging {test.Count} rows (events held out: {string.Join(", ", heldEvents)})");
            var model = Trainer.Train(train, $"fold {fold + 1}", output.WriteLine);
            var scorer = new TriageScorer(model);
            foreach (var i in test)
            {
                var facts = rows[i].Facts;
                var judged = scorer.Judge(facts);
                var rules = rulesOnly.Judge(facts);
                var probability = model.Critical.Probability(Trainer.Featurise(rows[i].Text, rows[i].Channel));
                // What the rules make Critical stays Critical at any share; the model's score ranks the rest.
                var criticalScore = rules.Priority == Priority.Critical ? 1 + probability : probability;
                outcomes.Add(new Outcome(rows[i], judged, rules, fold, criticalScore));
            }
        }

        if (dump is not null)
        {
            // For looking at mistakes outside the repository (the data may not be committed).
            using var file = new StreamWriter(dump);
            foreach (var o in outcomes)
            {
                file.WriteLine(string.Join('\t', o.Row.Source, o.Row.Event, o.Row.NeedsResponse ? 1 : 0, o.Row.Priority, o.Judged.Verdict, o.Judged.Priority, o.Judged.Score?.ToString("0.00", CultureInfo.InvariantCulture), string.Join(" | ", o.Judged.Reasons), o.Row.Text.ReplaceLineEndings(" ")));
            }
        }

        output.WriteLine();
        output.WriteLine("== Needs response (events held out) ==");
        output.WriteLine($"{"set",-22} {"rows",6} {"P",6} {"R",6} {"F1",6}   rules only: {"P",6} {"R",6} {"F1",6}");
        foreach (var group in outcomes.GroupBy(o => o.Row.Source).OrderBy(g => g.Key).Append(null))
        {
            var set = group?.ToList() ?? outcomes;
            var name = group?.Key ?? "all";
            var (p, r, f) = Prf(set, o => o.Judged.Verdict == Verdict.NeedsResponse);
            var (rp, rr, rf) = Prf(set, o => o.RulesOnly.Verdict == Verdict.NeedsResponse);
            output.WriteLine($"{name,-22} {set.Count,6} {p,6:0.000} {r,6:0.000} {f,6:0.000}   {"",11} {rp,6:0.000} {rr,6:0.000} {rf,6:0.000}");
        }

        foreach (var group in outcomes.GroupBy(o => (o.Row.Source, o.Row.Channel)).Where(g => outcomes.Any(o => o.Row.Source == g.Key.Source && o.Row.Channel != g.Key.Channel)).OrderBy(g => g.Key))
        {
            var set = group.ToList();
            var (p, r, f) = Prf(set, o => o.Judged.Verdict == Verdict.NeedsResponse);
            var (rp, rr, rf) = Prf(set, o => o.RulesOnly.Verdict == Verdict.NeedsResponse);
            output.WriteLine($"{"  " + group.Key.Channel.ToString().ToLowerInvariant(),-22} {set.Count,6} {p,6:0.000} {r,6:0.000} {f,6:0.000}   {"",11} {rp,6:0.000} {rr,6:0.000} {rf,6:0.000}");
        }

        // Not a result: thresholds chosen with hindsight on the held-out scores themselves. It bounds what
        // better thresholds alone could give this model's ranking (README, Triage: the ceiling).
        var hindsight = outcomes.Select(o => (p: o.Judged.Score ?? 0f, rule: o.RulesOnly.Verdict == Verdict.NeedsResponse, y: o.Row.NeedsResponse, channel: o.Row.Channel)).ToList();
        var best = Trainer.JointF1Thresholds(hindsight, 0.25f);
        var (hp, hr, hf) = Prf(outcomes, o => o.RulesOnly.Verdict == Verdict.NeedsResponse || (o.Judged.Score ?? 0f) >= best[(int)o.Row.Channel]);
        output.WriteLine($"{"all, hindsight",-22} {outcomes.Count,6} {hp,6:0.000} {hr,6:0.000} {hf,6:0.000}   (not a result: thresholds {string.Join(" / ", best.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))} chosen on the held-out scores; the most better thresholds could give)");

        var withPriority = outcomes.Where(o => o.Row.HasPriority).ToList();
        var critical = withPriority.Where(o => o.Row.Critical).ToList();
        if (critical.Count > 0)
        {
            var recall = critical.Count(o => o.Judged.Priority == Priority.Critical) / (double)critical.Count;
            var flagged = withPriority.Count(o => o.Judged.Priority == Priority.Critical);
            var precision = flagged == 0 ? 0 : withPriority.Count(o => o.Row.Critical && o.Judged.Priority == Priority.Critical) / (double)flagged;
            var rulesRecall = critical.Count(o => o.RulesOnly.Priority == Priority.Critical) / (double)critical.Count;
            output.WriteLine();
            output.WriteLine($"== Critical (rows with a priority label: {withPriority.Count}) ==");
            output.WriteLine($"recall {recall:0.000} ({critical.Count(o => o.Judged.Priority == Priority.Critical)}/{critical.Count}), precision {precision:0.000} ({flagged} judged Critical); rules only: recall {rulesRecall:0.000}");
            // The trade-off, labels unused in placing the cut: judge the top x% by score Critical.
            output.WriteLine("Critical recall if the top share of messages were judged Critical (rules first, then the model's score):");
            var ranked = withPriority.OrderByDescending(o => o.CriticalScore).ToList();
            foreach (var share in new[] { 0.05, 0.10, 0.15, 0.25, 0.40, 0.60 })
            {
                var top = ranked.Take((int)(share * ranked.Count)).ToList();
                output.WriteLine($"  {share,5:P0} judged Critical: recall {top.Count(o => o.Row.Critical) / (double)critical.Count:0.000}");
            }

            output.WriteLine();
            output.WriteLine("Priority confusion (rows: labelled, columns: judged)");
            Matrix(output, withPriority, o => o.Row.Priority, o => o.Judged.Priority.ToString(), ["Critical", "High", "Medium", "Low"]);
        }

        output.WriteLine();
        output.WriteLine("Triage class confusion (rows: labelled, columns: judged)");
        Matrix(output, outcomes.Where(o => o.Row.TriageClass.Length > 0).ToList(), o => o.Row.TriageClass, o => Class(o.Judged.Verdict), ["needs_response", "informational", "irrelevant"]);

        output.WriteLine();
        output.WriteLine("Needs-response F1 per held-out event");
        foreach (var byEvent in outcomes.Where(o => o.Row.Event.Length > 0).GroupBy(o => o.Row.Event).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var (p, r, f) = Prf(byEvent.ToList(), o => o.Judged.Verdict == Verdict.NeedsResponse);
            var crit = byEvent.Where(o => o.Row.Critical).ToList();
            var critText = crit.Count == 0 ? string.Empty : $"  critical recall {crit.Count(o => o.Judged.Priority == Priority.Critical)}/{crit.Count}";
            output.WriteLine($"  {byEvent.Key,-32} {byEvent.Count(),5} rows  P {p:0.000} R {r:0.000} F1 {f:0.000}{critText}");
        }
    }

    private static string Class(Verdict verdict) => verdict switch
    {
        Verdict.NeedsResponse => "needs_response",
        Verdict.Informational => "informational",
        _ => "irrelevant",
    };

    private static (double P, double R, double F1) Prf(List<Outcome> set, Func<Outcome, bool> predicted)
    {
        int tp = 0, fp = 0, fn = 0;
        foreach (var o in set)
        {
            var yes = predicted(o);
            if (yes && o.Row.NeedsResponse)
            {
                tp++;
            }
            else if (yes)
            {
                fp++;
            }
            else if (o.Row.NeedsResponse)
            {
                fn++;
            }
        }

        var p = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var r = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
    }

    private static void Matrix(TextWriter output, List<Outcome> set, Func<Outcome, string> actual, Func<Outcome, string> judged, string[] labels)
    {
        output.WriteLine($"{"",16}" + string.Concat(labels.Select(l => $"{l,16}")));
        foreach (var a in labels)
        {
            output.WriteLine($"{a,16}" + string.Concat(labels.Select(j => set.Count(o => actual(o) == a && judged(o) == j).ToString(CultureInfo.InvariantCulture).PadLeft(16))));
        }
    }
}
