using System.Globalization;

namespace CrisisComms.Bench.Ingest;

/// <summary>
/// <paramref name="Batch"/>: comments per webhook delivery in the realistic burst (the worst case, one per
/// delivery, is always run beside it).
/// </summary>
internal sealed record BenchSettings(int Burst, int Batch, int Concurrency, int SteadyRate, int SteadySeconds)
{
    public const string Usage = "usage: CrisisComms.Bench.Ingest [--burst N (5500)] [--batch N comments per delivery (100)] [--concurrency N (64)] [--steady-rate N per second (250)] [--steady-seconds N (20)]";

    public static BenchSettings? Parse(string[] args)
    {
        var settings = new BenchSettings(5_500, 100, 64, 250, 20);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                return null;
            }

            settings = args[i] switch
            {
                "--burst" => settings with { Burst = value },
                "--batch" when value <= 1_000 => settings with { Batch = value },
                "--concurrency" => settings with { Concurrency = value },
                "--steady-rate" => settings with { SteadyRate = value },
                "--steady-seconds" => settings with { SteadySeconds = value },
                _ => null,
            };
            if (settings is null)
            {
                return null;
            }
        }

        return settings;
    }
}
