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

    /// <summary>
    /// Thresholds from an inner split (a quarter of the events — or of the rows without an event — held
    /// out), then the heads retrained on everything given.
    /// </summary>
    /// <summary>Regularisation of every head (L1 keeps the model file small; L2 against over-fitting one event).</summary>
    public static float L1 { get; set; } = 1f;

    public static float L2 { get; set; } = 30f;

    public static TextModel Train(IReadOnlyList<LabelledRow> rows, string description, Action<string>? log = null)
    {
        var features = rows.Select(r => Featurise(r.Text)).ToList();
        var inner = rows.Select((r, i) => (r, i)).GroupBy(x => InnerGroup(x.r)).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToList());
        var fitIdx = inner.Where(g => g.Key != 0).SelectMany(g => g.Value).ToList();
        var holdIdx = inner.TryGetValue(0, out var held) ? held : [];
        if (holdIdx.Count == 0 || fitIdx.Count == 0)
        {
            throw new InvalidOperationException("too few rows to hold some out for choosing thresholds");
        }

        log?.Invoke($"  choosing thresholds: fit on {fitIdx.Count} rows, check on {holdIdx.Count} held-out rows");
        var probe = FitHeads(rows, features, fitIdx, 0.5f, 0.5f, 0.5f);
        var rulesOnly = new TriageScorer(null);

        // Needs response: the threshold with the best F1 of (rules or model) on the held-out rows.
        var nrCandidates = holdIdx.Select(i => (p: probe.NeedsResponse.Probability(features[i]), rule: rulesOnly.Judge(new MentionFacts(rows[i].Text)).Verdict == Verdict.NeedsResponse, y: rows[i].NeedsResponse)).ToList();
        var nrThreshold = BestF1Threshold(nrCandidates);

        // Critical: the highest threshold whose (rules or model) recall on held-out Critical rows reaches the goal.
        var prioritised = holdIdx.Where(i => rows[i].HasPriority)
            .Select(i => (p: probe.Critical.Probability(features[i]), rule: rulesOnly.Judge(new MentionFacts(rows[i].Text)).Priority == Priority.Critical, y: rows[i].Critical, signals: Signals(rows[i].Text))).ToList();
        var critThreshold = RecallThreshold(prioritised, CriticalRecallGoal, CriticalBudget);

        var irrCandidates = holdIdx.Where(i => rows[i].TriageClass.Length > 0)
            .Select(i => (p: probe.Irrelevant.Probability(features[i]), rule: false, y: rows[i].Irrelevant)).ToList();
        var irrThreshold = irrCandidates.Count > 0 ? BestF1Threshold(irrCandidates) : 0.5f;
        log?.Invoke($"  thresholds: needs response {nrThreshold:0.000}, critical {critThreshold:0.000}, irrelevant {irrThreshold:0.000}");

        var all = Enumerable.Range(0, rows.Count).ToList();
        var heads = FitHeads(rows, features, all, nrThreshold, critThreshold, irrThreshold);
        return new TextModel(heads.NeedsResponse, heads.Critical, heads.Irrelevant, description);
    }

    private static TextSignals Signals(string text) => TextAnalysis.Analyse(text, new int[TextAnalysis.MaxFeatures], out _);

    public static int[] Featurise(string text)
    {
        var buffer = new int[TextAnalysis.MaxFeatures];
        TextAnalysis.Analyse(text, buffer, out var count);
        return buffer[..count];
    }

    private static TextModel FitHeads(IReadOnlyList<LabelledRow> rows, List<int[]> features, List<int> idx, float nrT, float critT, float irrT)
    {
        var nr = Fit("needs-response", idx.Select(i => (features[i], rows[i].NeedsResponse)), 1f, nrT);
        var crit = Fit("critical", idx.Where(i => rows[i].HasPriority).Select(i => (features[i], rows[i].Critical)), 8f, critT);
        var irr = Fit("irrelevant", idx.Where(i => rows[i].TriageClass.Length > 0).Select(i => (features[i], rows[i].Irrelevant)), 1f, irrT);
        return new TextModel(nr, crit, irr, "probe");
    }

    private static ModelHead Fit(string name, IEnumerable<(int[] Features, bool Label)> data, float positiveWeight, float threshold)
    {
        var ml = new MLContext(seed: 1);
        var examples = data.Select(d => new Example { Features = Sparse(d.Features), Label = d.Label, Weight = d.Label ? positiveWeight : 1f }).ToList();
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

        return new ModelHead(name, weights, linear.Bias, threshold);
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

    /// <summary>0 for the quarter held out to choose thresholds: whole events where there are events.</summary>
    private static int InnerGroup(LabelledRow row) =>
        (int)(Stable(row.Event.Length > 0 ? "event:" + row.Event : "row:" + row.Id) % 4);

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
