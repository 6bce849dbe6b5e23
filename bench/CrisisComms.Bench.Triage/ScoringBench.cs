using System.Diagnostics;
using CrisisComms.Triage.Clustering;
using CrisisComms.Triage.Scoring;

namespace CrisisComms.Bench.Triage;

/// <summary>
/// Scoring speed on one thread (one core), against a baseline in the same process: a pass that only
/// tokenises the same texts. Each figure is the best of several rounds after a warm-up.
/// </summary>
internal static class ScoringBench
{
    public static void Run(IReadOnlyList<string> texts, int rounds)
    {
        var scorer = new TriageScorer(TextModel.LoadEmbedded() ?? throw new InvalidOperationException("the triage service was built without its model"));
        Console.WriteLine($"model: {scorer.Model!.Description}");
        Console.WriteLine($"{texts.Count} mentions per round, {rounds} rounds, one thread");

        var tokenise = Measure("baseline: tokenise only", texts, rounds, text =>
        {
            Span<Token> tokens = stackalloc Token[TextTokens.MaxTokens];
            return TextTokens.Tokenise(text, tokens);
        });
        var judge = Measure("judge (rules + model)", texts, rounds, text => (int)scorer.Judge(new MentionFacts(text, "Reply", true, 12_000)).Priority);
        var both = Measure("judge + fingerprint", texts, rounds, text => (int)scorer.Judge(new MentionFacts(text)).Priority + (int)Fingerprint.Of(text).Value);

        Console.WriteLine();
        Console.WriteLine($"judge: {judge:N0} mentions/s per core ({judge / tokenise:0.00}x the tokenise-only baseline of {tokenise:N0}/s); target ≥ 100,000/s: {(judge >= 100_000 ? "met" : "NOT met")}");
        Console.WriteLine($"judge + fingerprint (what the intake does per mention): {both:N0} mentions/s per core ({both / tokenise:0.00}x baseline)");
    }

    private static double Measure(string name, IReadOnlyList<string> texts, int rounds, Func<string, int> work)
    {
        var sink = 0;
        foreach (var text in texts.Take(Math.Min(texts.Count, 20_000)))
        {
            sink += work(text);
        }

        var best = double.MaxValue;
        var allocated = 0L;
        for (var r = 0; r < rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            foreach (var text in texts)
            {
                sink += work(text);
            }

            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        var rate = texts.Count / best;
        Console.WriteLine($"{name,-28} {rate,12:N0} mentions/s   {best * 1e9 / texts.Count,8:N0} ns/mention   {allocated / (double)texts.Count,8:N0} B allocated/mention   (checksum {sink & 0xFF})");
        return rate;
    }
}
