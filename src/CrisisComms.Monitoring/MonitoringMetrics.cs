using System.Diagnostics.Metrics;
using CrisisComms.Platform.Telemetry;

namespace CrisisComms.Monitoring;

/// <summary>One source's health as <c>/metrics</c> shows it (refreshed from the database every few seconds on every replica).</summary>
internal sealed record SourceGauge(string Source, string Channel, string State, double SecondsSinceSuccess, double LagSeconds, double ItemsPerMinute, int ErrorsLastHour);

/// <summary>Monitoring's instruments on <c>/metrics</c>: what was heard, polled and refused, and each source's health.</summary>
internal sealed class MonitoringMetrics
{
    private readonly Counter<long> _mentions;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _polls;
    private readonly Counter<long> _webhooks;
    private volatile IReadOnlyList<SourceGauge> _sources = [];

    public MonitoringMetrics(PlatformMetrics platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var meter = platform.Meter;
        _mentions = meter.CreateCounter<long>("crisiscomms.monitoring.mentions", "{mention}", "Mentions heard, by source and outcome (new, duplicate)");
        _rejected = meter.CreateCounter<long>("crisiscomms.monitoring.rejected", "{item}", "Items a source read but could not use (skipped with a logged reason)");
        _polls = meter.CreateCounter<long>("crisiscomms.monitoring.polls", "{poll}", "Polls, by source and outcome (ok, failed, paced, skipped, refused)");
        _webhooks = meter.CreateCounter<long>("crisiscomms.monitoring.webhooks", "{delivery}", "Webhook deliveries, by provider and outcome");
        meter.CreateObservableGauge("crisiscomms.monitoring.source.up", () => Each(s => s.State is "Healthy" or "Lagging" ? 1 : 0), "{bool}", "1 while a source is Healthy or Lagging");
        meter.CreateObservableGauge("crisiscomms.monitoring.source.stale", () => Each(s => s.State == "Stale" ? 1 : 0), "{bool}", "1 while a source is stale");
        meter.CreateObservableGauge("crisiscomms.monitoring.source.last_success_age", () => Each(s => s.SecondsSinceSuccess), "s", "Seconds since the source last polled successfully or received a delivery");
        meter.CreateObservableGauge("crisiscomms.monitoring.source.lag", () => Each(s => s.LagSeconds), "s", "How far behind the channel the source's view is");
        meter.CreateObservableGauge("crisiscomms.monitoring.source.items_per_minute", () => Each(s => s.ItemsPerMinute), "{mention}/min", "New mentions per minute over the last five minutes");
        meter.CreateObservableGauge("crisiscomms.monitoring.source.errors_last_hour", () => Each(s => (double)s.ErrorsLastHour), "{error}", "Failed polls or deliveries in the last hour");
    }

    public void Sources(IReadOnlyList<SourceGauge> sources) => _sources = sources;

    public void Mentions(string source, string channel, string outcome, int count)
    {
        if (count > 0)
        {
            _mentions.Add(count, new("source", source), new("channel", channel), new("outcome", outcome));
        }
    }

    public void Rejected(string source, int count)
    {
        if (count > 0)
        {
            _rejected.Add(count, new KeyValuePair<string, object?>("source", source));
        }
    }

    public void Poll(string source, string outcome) => _polls.Add(1, new("source", source), new("outcome", outcome));

    public void Webhook(string provider, string outcome) => _webhooks.Add(1, new("provider", provider), new("outcome", outcome));

    private IEnumerable<Measurement<double>> Each(Func<SourceGauge, double> value) =>
        _sources.Select(s => new Measurement<double>(value(s), new("source", s.Source), new("channel", s.Channel)));
}
