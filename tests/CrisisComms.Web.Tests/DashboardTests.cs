using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed class DashboardTests : HostedTest
{
    [Fact]
    public async Task The_timeline_shows_what_was_said_on_each_channel_and_counts_each_event_once()
    {
        var incidentId = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new IncidentOpened(incidentId, "Demo County Council", "River Exe <flooding>", "#DCCFlood", "Major", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(async () => (await Host.Client.GetAsync(new Uri($"/api/v1/dashboard/incidents/{incidentId}", UriKind.Relative))).IsSuccessStatusCode, Patience, "incident projected");
        var published = new PostPublished(Guid.NewGuid(), incidentId, "x", "1850000000000000009", null, DateTimeOffset.UtcNow);
        var messageId = NewId.NextGuid();
        var consumed = ConsumeCounter.On(Host.Harness.Bus);

        await Host.Harness.Bus.Publish(published, c => c.MessageId = messageId);
        await Host.Harness.Bus.Publish(published, c => c.MessageId = messageId);
        await Host.Harness.Bus.Publish(published with { Channel = "sms" });
        // Publishing says it again, under a new message id, when a settled command is redelivered.
        await Host.Harness.Bus.Publish(published);

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<PostPublished>() >= 4), Patience, "all four consumed");
        var incident = await Eventually.GetAsync(
            () => Host.Client.GetJsonAsync($"/api/v1/dashboard/incidents/{incidentId}"),
            i => i.GetProperty("postsPublished").GetInt32() >= 2,
            Patience,
            "two posts counted");
        var timeline = await Host.Client.GetJsonAsync($"/api/v1/dashboard/incidents/{incidentId}/timeline");
        Assert.Equal(2, incident.GetProperty("postsPublished").GetInt32());
        Assert.Equal(["incident-opened", "post-published", "post-published"], timeline.EnumerateArray().Select(l => l.Text("kind")));

        var home = await Host.AnonymousClient.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("River Exe &lt;flooding&gt;", home, StringComparison.Ordinal);
        Assert.DoesNotContain("<flooding>", home, StringComparison.Ordinal);
    }
}
