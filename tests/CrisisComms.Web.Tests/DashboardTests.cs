using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed class DashboardTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync(o => o.BusTestHarness = true);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_timeline_shows_what_was_said_on_each_channel_and_counts_each_event_once()
    {
        var incidentId = Guid.NewGuid();
        await _host.Harness.Bus.Publish(new IncidentOpened(incidentId, "Demo County Council", "River Exe <flooding>", "#DCCFlood", "Major", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await _host.Client.GetAsync(new Uri($"/api/v1/dashboard/incidents/{incidentId}", UriKind.Relative))).IsSuccessStatusCode, Patience, "incident projected");
        var published = new PostPublished(Guid.NewGuid(), incidentId, "x", "1850000000000000009", null, DateTimeOffset.UtcNow);
        var messageId = NewId.NextGuid();

        await _host.Harness.Bus.Publish(published, c => c.MessageId = messageId);
        await _host.Harness.Bus.Publish(published, c => c.MessageId = messageId);
        await _host.Harness.Bus.Publish(published with { Channel = "sms" });

        var incident = await Eventually.GetAsync(
            () => _host.Client.GetJsonAsync($"/api/v1/dashboard/incidents/{incidentId}"),
            i => i.GetProperty("postsPublished").GetInt32() >= 2,
            Patience,
            "two posts counted");
        var timeline = await _host.Client.GetJsonAsync($"/api/v1/dashboard/incidents/{incidentId}/timeline");
        Assert.Equal(2, incident.GetProperty("postsPublished").GetInt32());
        Assert.Equal(["incident-opened", "post-published", "post-published"], timeline.EnumerateArray().Select(l => l.Text("kind")));

        var home = await _host.Client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("River Exe &lt;flooding&gt;", home, StringComparison.Ordinal);
        Assert.DoesNotContain("<flooding>", home, StringComparison.Ordinal);
    }
}
