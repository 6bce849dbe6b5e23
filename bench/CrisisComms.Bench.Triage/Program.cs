using CrisisComms.Bench.Triage;

// Triage benchmarks (see bench/README.md):
//   scoring  [--mentions 200000] [--rounds 5] [--datasets ../shared/datasets/triage]
//   e2e      [--rate 250] [--seconds 30] [--warmup 5] [--concurrency <messages at once per endpoint>]
var mode = args.FirstOrDefault() ?? "scoring";
string Option(string name, string fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
}

var datasets = Option("--datasets", Path.Combine("..", "shared", "datasets", "triage"));
switch (mode)
{
    case "scoring":
        ScoringBench.Run(Corpus.Load(datasets, int.Parse(Option("--mentions", "200000"), System.Globalization.CultureInfo.InvariantCulture)), int.Parse(Option("--rounds", "5"), System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case "e2e":
        await EndToEndBench.RunAsync(
            Corpus.Load(datasets, 20_000),
            int.Parse(Option("--rate", "250"), System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(int.Parse(Option("--seconds", "30"), System.Globalization.CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(int.Parse(Option("--warmup", "5"), System.Globalization.CultureInfo.InvariantCulture)),
            Option("--concurrency", string.Empty) is { Length: > 0 } c ? int.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : null);
        return 0;
    default:
        Console.Error.WriteLine("usage: CrisisComms.Bench.Triage scoring|e2e [options]");
        return 2;
}
