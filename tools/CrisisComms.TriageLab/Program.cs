using System.Diagnostics;
using CrisisComms.Triage.Scoring;
using CrisisComms.TriageLab;

// The triage lab: retrain the text model from labelled CSVs, and measure triage on events it has not seen.
//   train    --data <csv> [--data <csv>…] --out <model.bin>
//   evaluate --data <csv> [--data <csv>…] [--folds 5]
const string Usage = """
    usage:
      CrisisComms.TriageLab train --data <labelled.csv> [--data …] --out <model.bin>
      CrisisComms.TriageLab evaluate --data <labelled.csv> [--data …] [--folds 5] [--dump <judgements.tsv>]
    Both take --l1 <1> --l2 <30> (regularisation), --critical-budget <0.15> (most share judged Critical)
    and --critical-target <critical|urgent> (what the Critical head learns from: Critical rows, or Critical and High; default urgent).
    CSV columns: id, text, label_needs_response (0/1); optional priority, triage_class, event.
    Triage's own officer decisions export in this shape: GET /api/v1/triage/labels.csv
    """;

if (args.Length == 0 || args[0] is not ("train" or "evaluate"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var data = new List<string>();
string? output = null;
string? dump = null;
var folds = 5;
for (var i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data" when i + 1 < args.Length:
            data.Add(args[++i]);
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--l1" when i + 1 < args.Length && float.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var l1) && l1 >= 0:
            Trainer.L1 = l1;
            i++;
            break;
        case "--l2" when i + 1 < args.Length && float.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var l2) && l2 >= 0:
            Trainer.L2 = l2;
            i++;
            break;
        case "--critical-budget" when i + 1 < args.Length && double.TryParse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var budget) && budget is > 0 and <= 1:
            Trainer.CriticalBudget = budget;
            i++;
            break;
        case "--critical-target" when i + 1 < args.Length && args[i + 1] is "critical" or "urgent":
            Trainer.CriticalTarget = args[++i];
            break;
        case "--dump" when i + 1 < args.Length:
            dump = args[++i];
            break;
        case "--folds" when i + 1 < args.Length && int.TryParse(args[i + 1], out var f) && f >= 2:
            folds = f;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'");
            Console.Error.WriteLine(Usage);
            return 2;
    }
}

if (data.Count == 0)
{
    Console.Error.WriteLine("--data: give at least one labelled CSV");
    return 2;
}

var rows = new List<LabelledRow>();
foreach (var path in data)
{
    if (!File.Exists(path))
    {
        Console.Error.WriteLine($"--data: no file at '{path}'");
        return 2;
    }

    try
    {
        var read = LabelledCsv.Read(path);
        Console.WriteLine($"{path}: {read.Count} rows, {read.Count(r => r.NeedsResponse)} need a response, {read.Select(r => r.Event).Where(e => e.Length > 0).Distinct().Count()} events");
        rows.AddRange(read);
    }
    catch (InvalidDataException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
}

var clock = Stopwatch.StartNew();
if (args[0] == "evaluate")
{
    Evaluator.Run(rows, folds, Console.Out, dump);
}
else
{
    if (output is null)
    {
        Console.Error.WriteLine("--out: name the model file to write");
        return 2;
    }

    var description = $"trained {DateTime.UtcNow:yyyy-MM-dd} on {rows.Count} rows from {string.Join(", ", data.Select(Path.GetFileName))}";
    var model = Trainer.Train(rows, description, Console.WriteLine);
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    using (var file = File.Create(output))
    {
        model.Save(file);
    }

    Console.WriteLine($"wrote {output} ({new FileInfo(output).Length / 1024} KiB): {description}");
}

Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:0} s");
return 0;
