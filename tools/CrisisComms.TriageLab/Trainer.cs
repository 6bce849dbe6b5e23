using CrisisComms.Triage.Scoring;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace CrisisComms.TriageLab;

/// <summary>
/// Trains the three heads of the <see cref="TextModel"/> with ML.NET (L-BFGS logistic regression over
/// the scorer's own hashed features), choosing each threshold on events held out of that training.
/// </summary>
internal static class Trainer
{
    /// <summary>Critical recall the threshold aims for on held-out events (target 0.9, with a margin).</summary>
    public const double CriticalRecallGoal = 0.93;

    /// <summary>
    /// At most this share of messages may be judged Critical: past it, Critical pages and tops the queue
    /// so often it stops meaning anything. The recall goal gives way to it (and the evaluation says so).
    /// </summary>
    public static double CriticalBudget { get; set; } = 0.15;

    private sealed class Example
    {
        [VectorType(TextAnalysis.Dimension)]
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }

        public float Weight { get; set; }
    }

    /// <summary>Regularisation of every head (L1 keeps the model file small; L2 against over-fitting one event).</summary>
    public static float L1 { get; set; } = 1f;

    public static float L2 { get; set; } = 30f;

    /// <summary>
    /// What the Critical head learns to rank: "critical" (the assessors' Critical only, weighted up) or
    /// "urgent" (Critical or High, Critical weighted up: ten times the examples of urgency to learn from).
    /// </summary>
    public static string CriticalTarget { get; set; } = "urgent";

    /// <summary>Inner folds (by event; rows without one by id) whose out-of-fold scores choose the thresholds.</summary>
    public const int InnerFolds = 4;

    public static TextModel Train(IReadOnlyList<LabelledRow> rows, string description, Action<string>? log = null)
    {
        var features = rows.Select(r => Featurise(r.Text, r.Channel)).ToList();

        // Every row is scored once by heads that never saw its event (or, without an event, the row):
        // the thresholds are chosen on those scores, inside the rows given, then the heads are refitted
        // on all of them.
        var group = DealByEvent(rows, InnerFolds, "inner:");
        var pNeeds = new float[rows.Count];
        var pCritical = new float[rows.Count];
        var pIrrelevant = new float[rows.Count];
        for (var k = 0; k < InnerFolds; k++)
        {
            var fitIdx = Enumerable.Range(0, rows.Count).Where(i => group[i] != k).ToList();
            var holdIdx = Enumerable.Range(0, rows.Count).Where(i => group[i] == k).ToList();
            if (holdIdx.Count == 0 || fitIdx.Count == 0)
            {
                throw new InvalidOperationException("too few rows (or events) to hold some out for choosing thresholds");
            }

            var probe = FitHeads(rows, features, fitIdx);
            foreach (var i in holdIdx)
            {
                pNeeds[i] = probe.NeedsResponse.Probability(features[i]);
                pCritical[i] = probe.Critical.Probability(features[i]);
                pIrrelevant[i] = probe.Irrelevant.Probability(features[i]);
            }
        }

        log?.Invoke($"  thresholds chosen on out-of-fold scores of {InnerFolds} inner folds ({rows.Count} rows)");
        var rulesOnly = new TriageScorer(null);
        var all = Enumerable.Range(0, rows.Count).ToList();

        // Needs response: a threshold per channel, together giving the best F1 of (rules or model) over
        // all the rows (not each channel's own best: a channel the model reads poorly would otherwise take
        // a threshold low enough to swamp the queue with its guesses). A channel with too few positives
        // keeps the threshold of all rows.
        var nr = all.Select(i => (p: pNeeds[i], rule: rulesOnly.Judge(rows[i].Facts).Verdict == Verdict.NeedsResponse, y: rows[i].NeedsResponse, channel: rows[i].Channel)).ToList();
        var nrAll = BestF1Threshold(nr.Select(x => (x.p, x.rule, x.y)).ToList());
        var nrThresholds = JointF1Thresholds(nr, nrAll);

        // Critical: the highest threshold whose (rules or model) recall on held-out Critical rows reaches the goal.
        var prioritised = all.Where(i => rows[i].HasPriority)
            .Select(i => (p: pCritical[i], rule: rulesOnly.Judge(rows[i].Facts).Priority == Priority.Critical, y: rows[i].Critical, signals: Signals(rows[i].Text, rows[i].Channel))).ToList();
        var critThreshold = RecallThreshold(prioritised, CriticalRecallGoal, CriticalBudget);

        var irrCandidates = all.Where(i => rows[i].TriageClass.Length > 0)
            .Select(i => (p: pIrrelevant[i], rule: false, y: rows[i].Irrelevant)).ToList();
        var irrThreshold = irrCandidates.Count > 0 ? BestF1Threshold(irrCandidates) : 0.5f;
        log?.Invoke($"  thresholds: needs response {string.Join(" / ", Enum.GetValues<MessageChannel>().Select(c => $"{nrThresholds[(int)c]:0.000} {c}"))}, critical {critThreshold:0.000}, irrelevant {irrThreshold:0.000}");

        var heads = FitHeads(rows, features, all);
        return new TextModel(
            heads.NeedsResponse.WithThresholds(nrThresholds),
            heads.Critical.WithThresholds([critThreshold, critThreshold, critThreshold]),
            heads.Irrelevant.WithThresholds([irrThreshold, irrThreshold, irrThreshold]),
            description);
    }

    /// <summary>Coordinate ascent over the channels' thresholds on the F1 of all rows together.</summary>
    public static float[] JointF1Thresholds(List<(float p, bool rule, bool y, MessageChannel channel)> rows, float start)
    {
        var thresholds = Enumerable.Repeat(start, ModelHead.ChannelCount).ToArray();
        var tunable = Enum.GetValues<MessageChannel>().Where(c => rows.Count(r => r.y && r.channel == c) >= 50).ToList();
        for (var round = 0; round < 3; round++)
        {
            foreach (var channel in tunable)
            {
                var best = (f1: -1.0, t: thresholds[(int)channel]);
                for (var t = 0.05f; t < 0.96f; t += 0.01f)
                {
                    thresholds[(int)channel] = t;
                    int tp = 0, fp = 0, fn = 0;
                    foreach (var r in rows)
                    {
                        var predicted = r.rule || r.p >= thresholds[(int)r.channel];
                        tp += predicted && r.y ? 1 : 0;
                        fp += predicted && !r.y ? 1 : 0;
                        fn += !predicted && r.y ? 1 : 0;
                    }

                    var f1 = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
                    if (f1 > best.f1)
                    {
                        best = (f1, t);
                    }
                }

                thresholds[(int)channel] = best.t;
            }
        }

        return thresholds;
    }

    private static TextSignals Signals(string text, MessageChannel channel) => TextAnalysis.Analyse(text, new int[TextAnalysis.MaxFeatures], out _, channel);

    public static int[] Featurise(string text, MessageChannel channel)
    {
        var buffer = new int[TextAnalysis.MaxFeatures];
        TextAnalysis.Analyse(text, buffer, out var count, channel);
        return buffer[..count];
    }

    private static TextModel FitHeads(IReadOnlyList<LabelledRow> rows, List<int[]> features, List<int> idx)
    {
        var nr = Fit("needs-response", idx.Select(i => (features[i], rows[i].NeedsResponse, 1f)));
        var crit = Fit("critical", idx.Where(i => rows[i].HasPriority).Select(i => CriticalExample(rows[i], features[i])));
        var irr = Fit("irrelevant", idx.Where(i => rows[i].TriageClass.Length > 0).Select(i => (features[i], rows[i].Irrelevant, 1f)));
        return new TextModel(nr, crit, irr, "probe");
    }

    private static (int[] Features, bool Label, float Weight) CriticalExample(LabelledRow row, int[] features) =>
        CriticalTarget == "urgent"
            ? (features, row.Critical || row.Priority == "High", row.Critical ? 8f : 1f)
            : (features, row.Critical, row.Critical ? 8f : 1f);

    private static ModelHead Fit(string name, IEnumerable<(int[] Features, bool Label, float Weight)> data)
    {
        var ml = new MLContext(seed: 1);
        var examples = data.Select(d => new Example { Features = Sparse(d.Features), Label = d.Label, Weight = d.Weight }).ToList();
        if (!examples.Any(e => e.Label) || examples.All(e => e.Label))
        {
            throw new InvalidOperationException($"head '{name}': the training rows need both yes and no labels");
        }

        var view = ml.Data.LoadFromEnumerable(examples);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Example.Label),
            FeatureColumnName = nameof(Example.Features),
            ExampleWeightColumnName = nameof(Example.Weight),
            L1Regularization = L1,
            L2Regularization = L2,
            OptimizationTolerance = 1e-5f,
            MaximumNumberOfIterations = 200,
        });
        var fitted = trainer.Fit(view);
        var linear = fitted.Model.SubModel;
        var weights = new float[TextAnalysis.Dimension];
        var dense = linear.Weights;
        for (var i = 0; i < dense.Count; i++)
        {
            weights[i] = dense[i];
        }

        return new ModelHead(name, weights, linear.Bias, 0.5f);
    }

    private static VBuffer<float> Sparse(int[] features)
    {
        var counts = new SortedDictionary<int, float>();
        foreach (var f in features)
        {
            counts[f] = counts.GetValueOrDefault(f) + 1f;
        }

        return new VBuffer<float>(TextAnalysis.Dimension, counts.Count, counts.Values.ToArray(), counts.Keys.ToArray());
    }

    private static float BestF1Threshold(List<(float p, bool rule, bool y)> rows)
    {
        var best = (f1: -1.0, t: 0.5f);
        for (var t = 0.05f; t < 0.96f; t += 0.01f)
        {
            int tp = 0, fp = 0, fn = 0;
            foreach (var (p, rule, y) in rows)
            {
                var predicted = rule || p >= t;
                if (predicted && y)
                {
                    tp++;
                }
                else if (predicted)
                {
                    fp++;
                }
                else if (y)
                {
                    fn++;
                }
            }

            var f1 = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
            if (f1 > best.f1)
            {
                best = (f1, t);
            }
        }

        return best.t;
    }

    /// <summary>The highest threshold reaching the recall goal, unless that judges more than the budget Critical.</summary>
    private static float RecallThreshold(List<(float p, bool rule, bool y, TextSignals signals)> rows, double goal, double budget)
    {
        var positives = rows.Count(r => r.y);
        if (positives == 0)
        {
            return 0.5f;
        }

        var lastWithinBudget = 0.99f;
        for (var t = 0.99f; t > 0.005f; t -= 0.005f)
        {
            var flagged = rows.Count(x => x.rule || TriageScorer.ModelSaysCritical(x.p, t, x.signals));
            if (flagged > budget * rows.Count)
            {
                return lastWithinBudget;
            }

            lastWithinBudget = t;
            if (rows.Count(x => x.y && (x.rule || TriageScorer.ModelSaysCritical(x.p, t, x.signals))) >= goal * positives)
            {
                return t;
            }
        }

        return lastWithinBudget;
    }

    /// <summary>
    /// Deals rows into <paramref name="folds"/>: whole events, largest first into the currently smallest
    /// fold; rows without an event by a hash of their id, salted so that inner and outer folds differ.
    /// </summary>
    public static int[] DealByEvent(IReadOnlyList<LabelledRow> rows, int folds, string salt)
    {
        var sizes = new int[folds];
        var eventFold = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var byEvent in rows.Where(r => r.Event.Length > 0).GroupBy(r => r.Event).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            var fold = Array.IndexOf(sizes, sizes.Min());
            eventFold[byEvent.Key] = fold;
            sizes[fold] += byEvent.Count();
        }

        return rows.Select(r => r.Event.Length > 0 ? eventFold[r.Event] : (int)(Stable(salt + r.Id) % (ulong)folds)).ToArray();
    }

    public static ulong Stable(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h ^ (h >> 29);
    }
}
