using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
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

    [Fact]
    public async Task A_reply_said_again_after_a_redelivery_shows_once_and_a_second_reply_shows_too()
    {
        var incidentId = Guid.NewGuid();
        var itemId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await Host.Harness.Bus.Publish(new IncidentOpened(incidentId, "Demo County Council", "River Exe flooding", "#DCCFlood", "Major", now));
        await Eventually.TrueAsync(async () => (await Host.Client.GetAsync(new Uri($"/api/v1/dashboard/incidents/{incidentId}", UriKind.Relative))).IsSuccessStatusCode, Patience, "incident projected");
        var consumed = ConsumeCounter.On(Host.Harness.Bus);
        await Host.Harness.Bus.Publish(new TriageItemUpdated(itemId, incidentId, "x", "Open", "needs_response", "High", "Is the A377 open?", 1, ["asks a question of us"], null, null, now.AddMinutes(30), now));
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<TriageItemUpdated>() >= 1), Patience, "item projected");
        var sent = new ReplySent(Guid.NewGuid(), itemId, "x", "1850000000000000010", null, now.AddSeconds(5));
        var failed = new ReplyFailed(Guid.NewGuid(), itemId, "sms", "number unreachable", now.AddSeconds(6));

        // Each outcome said twice under different message ids, as publishing does for a redelivered command;
        // a second, distinct reply later is a line of its own.
        await Host.Harness.Bus.Publish(sent);
        await Host.Harness.Bus.Publish(sent);
        await Host.Harness.Bus.Publish(failed);
        await Host.Harness.Bus.Publish(failed);
        await Host.Harness.Bus.Publish(sent with { ReplyId = Guid.NewGuid(), SentAt = now.AddSeconds(7) });

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<ReplySent>() >= 3 && consumed.Of<ReplyFailed>() >= 2), Patience, "all five consumed");
        var timeline = await Eventually.GetAsync(
            () => Host.Client.GetJsonAsync($"/api/v1/dashboard/incidents/{incidentId}/timeline"),
            t => t.GetArrayLength() >= 4,
            Patience,
            "the reply lines");
        Assert.Equal(["incident-opened", "reply-sent", "reply-failed", "reply-sent"], timeline.EnumerateArray().Select(l => l.Text("kind")));
    }
}
