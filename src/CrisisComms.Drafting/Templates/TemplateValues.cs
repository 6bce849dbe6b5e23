using System.Globalization;
using CrisisComms.Drafting.Incidents;

namespace CrisisComms.Drafting.Templates;

/// <summary>The values every template can use without the officer typing them, plus the officer's own.</summary>
internal static class TemplateValues
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static Dictionary<string, string> For(Incident incident, IReadOnlyDictionary<string, string>? given)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["organisation"] = incident.Organisation,
            ["incident"] = incident.Title,
            ["hashtag"] = incident.Hashtag,
        };
        if (incident.Areas.Count > 0)
        {
            values["areas"] = incident.Areas.Count == 1 ? incident.Areas[0] : $"{string.Join(", ", incident.Areas.Take(incident.Areas.Count - 1))} and {incident.Areas[^1]}";
        }

        if (incident.NextUpdateDue is { } due)
        {
            // People read times in their own zone: 14:00 on a British summer day is 13:00 UTC.
            values["next_update"] = TimeZoneInfo.ConvertTime(due, London).ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        foreach (var (key, value) in given ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return values;
    }
}
