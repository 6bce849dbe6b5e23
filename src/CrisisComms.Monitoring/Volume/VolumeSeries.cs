using System.Globalization;
using CrisisComms.Monitoring.Mentions;

namespace CrisisComms.Monitoring.Volume;

/// <summary>
/// The per-minute series mention volume is kept in: everything, per channel, per incident, per watch
/// (counted by when the mention was said), and per source (counted by when it was received: the source's
/// items per minute).
/// </summary>
internal static class VolumeSeries
{
    public const string All = "all";

    public static string Channel(string channel) => $"channel:{channel}";

    public static string Incident(Guid incidentId) => $"incident:{incidentId.ToString("N", CultureInfo.InvariantCulture)}";

    public static string Watch(string term) => $"watch:{MentionHashtags.Normalise(term)}";

    public static string Source(string source) => $"source:{source}";

    public static string SourceErrors(string source) => $"source-errors:{source}";

    /// <summary>The volume series one stored mention counts in.</summary>
    public static IEnumerable<string> Of(string channel, Guid? incidentId, string? watch)
    {
        yield return All;
        yield return Channel(channel);
        if (incidentId is { } incident)
        {
            yield return Incident(incident);
        }

        if (watch is not null)
        {
            yield return Watch(watch);
        }
    }

    /// <summary>Incident id of an <c>incident:</c> series, for <c>VolumeSpike</c>.</summary>
    public static Guid? IncidentOf(string series) =>
        series.StartsWith("incident:", StringComparison.Ordinal) && Guid.TryParseExact(series["incident:".Length..], "N", out var id) ? id : null;
}
