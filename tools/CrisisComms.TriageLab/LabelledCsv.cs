using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CrisisComms.Triage.Scoring;

namespace CrisisComms.TriageLab;

/// <summary>One labelled message: the columns of the triage datasets and of triage's own label export.</summary>
internal sealed record LabelledRow(string Id, string Text, bool NeedsResponse, string Priority, string TriageClass, string Event, string Source)
{
    /// <summary>
    /// Where it was said: from <c>kind</c> (and <c>source</c>) columns when there are, else Figure Eight's
    /// <c>genre=direct|news|social</c> (where the message came from, which triage knows from the
    /// mention's kind and source — not a judgement of the message); otherwise public.
    /// </summary>
    public MessageChannel Channel { get; init; }

    /// <summary>
    /// The facts triage is given for this row: its channel (from its source: an SMS line, a news feed),
    /// and otherwise a post nobody says was addressed to us — the datasets do not say whom each message
    /// asked, so the rules that need that (a question put to us) are not credited here. As an SMS to us,
    /// every question would count as one; Figure Eight's assessors marked under half of those a request.
    /// </summary>
    public MentionFacts Facts => Channel switch
    {
        MessageChannel.Direct => new MentionFacts(Text, "Post", Source: "sms"),
        MessageChannel.News => new MentionFacts(Text, "Post", Source: "feed"),
        _ => new MentionFacts(Text),
    };

    public bool HasPriority => Priority.Length > 0;

    public bool Critical => Priority == "Critical";

    public bool Irrelevant => TriageClass == "irrelevant";
}

internal static class LabelledCsv
{
    /// <summary>Reads id, text, label_needs_response, priority, category, triage_class, event, kind, source (other columns ignored).</summary>
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
                source)
            {
                Channel = csv.TryGetField<string>("kind", out var kind) && !string.IsNullOrWhiteSpace(kind)
                    ? new MentionFacts(string.Empty, kind.Trim(), Source: csv.TryGetField<string>("source", out var from) && !string.IsNullOrWhiteSpace(from) ? from.Trim() : null).Channel
                    : ChannelOfGenre(csv.TryGetField<string>("category", out var category) ? category : null),
            });
        }

        return rows;
    }

    private static MessageChannel ChannelOfGenre(string? category)
    {
        var labels = (category ?? string.Empty).Split(';');
        return labels.Contains("genre=direct", StringComparer.Ordinal) ? MessageChannel.Direct
            : labels.Contains("genre=news", StringComparer.Ordinal) ? MessageChannel.News
            : MessageChannel.Public;
    }
}
