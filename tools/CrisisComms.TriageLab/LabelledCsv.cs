using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CrisisComms.TriageLab;

/// <summary>One labelled message: the columns of the triage datasets and of triage's own label export.</summary>
internal sealed record LabelledRow(string Id, string Text, bool NeedsResponse, string Priority, string TriageClass, string Event, string Source)
{
    public bool HasPriority => Priority.Length > 0;

    public bool Critical => Priority == "Critical";

    public bool Irrelevant => TriageClass == "irrelevant";
}

internal static class LabelledCsv
{
    /// <summary>Reads id, text, label_needs_response, priority, triage_class, event (other columns ignored).</summary>
    public static List<LabelledRow> Read(string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null, HeaderValidated = null, BadDataFound = null };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        csv.Read();
        csv.ReadHeader();
        foreach (var column in new[] { "id", "text", "label_needs_response" })
        {
            if (csv.HeaderRecord is null || !csv.HeaderRecord.Contains(column))
            {
                throw new InvalidDataException($"{path}: no '{column}' column (need id, text, label_needs_response; optional priority, triage_class, event)");
            }
        }

        var source = Path.GetFileNameWithoutExtension(path);
        var rows = new List<LabelledRow>();
        while (csv.Read())
        {
            var label = csv.GetField("label_needs_response")?.Trim();
            if (label is not ("0" or "1"))
            {
                throw new InvalidDataException($"{path}, row {csv.Parser.Row}: label_needs_response must be 0 or 1, not '{label}'");
            }

            rows.Add(new LabelledRow(
                csv.GetField("id") ?? string.Empty,
                csv.GetField("text") ?? string.Empty,
                label == "1",
                csv.TryGetField<string>("priority", out var priority) ? priority?.Trim() ?? string.Empty : string.Empty,
                csv.TryGetField<string>("triage_class", out var triageClass) ? triageClass?.Trim() ?? string.Empty : string.Empty,
                csv.TryGetField<string>("event", out var evt) ? evt?.Trim() ?? string.Empty : string.Empty,
                source));
        }

        return rows;
    }
}
