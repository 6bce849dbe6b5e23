using System.Text;

namespace CrisisComms.Bench.Triage;

/// <summary>Texts to score: the labelled datasets read in place when present, else a generated mix of the same shapes.</summary>
internal static class Corpus
{
    public static IReadOnlyList<string> Load(string? datasets, int count)
    {
        var texts = new List<string>();
        if (datasets is not null && Directory.Exists(datasets))
        {
            foreach (var file in Directory.GetFiles(datasets, "*.csv").Order(StringComparer.Ordinal))
            {
                texts.AddRange(ReadTextColumn(file));
            }
        }

        var source = texts.Count > 0 ? $"{texts.Count} texts from {datasets}" : "generated texts";
        if (texts.Count == 0)
        {
            texts.AddRange(Generated(5_000));
        }

        Console.WriteLine($"corpus: {source}; average {texts.Average(t => t.Length):0} characters");
        var result = new List<string>(count);
        for (var i = 0; result.Count < count; i++)
        {
            result.Add(texts[i % texts.Count]);
        }

        return result;
    }

    private static IEnumerable<string> Generated(int n)
    {
        string[] parts =
        [
            "Is the A377 open between Crediton and Exeter?", "We're trapped upstairs and the water is rising", "RT @DevonCC: Rest centre open at the Corn Exchange",
            "apparently the dam has burst, is it true?", "Power cut in Exeter since 6pm, any idea when it's back? #DCCFlood", "Lovely sunset over the estuary tonight 🌅",
            "Estamos atrapados en el segundo piso", "where can I get sandbags in Tiverton", "Flood water on Fore Street https://t.co/abc", "救命 我们被困了",
        ];
        var random = new Random(42);
        for (var i = 0; i < n; i++)
        {
            yield return $"{parts[random.Next(parts.Length)]} {parts[random.Next(parts.Length)]} #{random.Next(1000)}";
        }
    }

    /// <summary>The "text" column of a CSV with quoted fields that hold commas and line breaks.</summary>
    private static IEnumerable<string> ReadTextColumn(string path)
    {
        using var reader = new StreamReader(path);
        var header = ParseRecord(reader);
        var column = header?.IndexOf("text") ?? -1;
        if (column < 0)
        {
            yield break;
        }

        while (ParseRecord(reader) is { } record)
        {
            if (column < record.Count)
            {
                yield return record[column];
            }
        }
    }

    private static List<string>? ParseRecord(StreamReader reader)
    {
        if (reader.Peek() < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                fields.Add(field.ToString());
                return fields;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append((char)c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                return fields;
            }
            else
            {
                field.Append((char)c);
            }
        }
    }
}
