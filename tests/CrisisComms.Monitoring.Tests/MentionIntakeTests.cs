using System.Net;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Monitoring.Tests;

public sealed class MentionIntakeTests : HostedTest
{
    [Fact]
    public async Task An_opened_incident_is_watched_and_mentions_of_its_tag_are_linked_to_it()
    {
        var incidentId = await OpenIncidentAsync("#DCCFlood");

        await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions",
            new { channel = "x", nativeId = "1850000000000000001", author = "@resident", text = "Is the A377 open? #dccflood" },
            HttpStatusCode.Accepted);

        Assert.True(await Host.Harness.Published.Any<MentionReceived>(m => m.Context.Message.NativeId == "1850000000000000001"));
        var mention = Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.NativeId == "1850000000000000001").Single().Context.Message;
        Assert.Equal(incidentId, mention.IncidentId);
        Assert.Equal("#DCCFlood", mention.MatchedWatch);
    }

    [Fact]
    public async Task The_same_mention_heard_twice_is_one_item()
    {
        var mention = new { channel = "facebook", nativeId = "123_456", author = "Jo", text = "Thanks for the update" };

        var first = await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions", mention, HttpStatusCode.Accepted);
        var second = await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions", mention, HttpStatusCode.OK);

        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.Id("mentionId"), second.Id("mentionId"));
        Assert.True(await Host.Harness.Published.Any<MentionReceived>(m => m.Context.Message.NativeId == "123_456"));
        Assert.Single(Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.NativeId == "123_456"));
    }

    [Fact]
    public async Task A_closed_incident_is_no_longer_watched()
    {
        var incidentId = await OpenIncidentAsync("#DCCSnow");

        await Host.Harness.Bus.Publish(new IncidentClosed(incidentId, "#DCCSnow", DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(
            async () => (await Host.Client.GetJsonAsync("/api/v1/monitoring/watches")).EnumerateArray()
                .Any(w => w.Text("term") == "#DCCSnow" && !w.GetProperty("active").GetBoolean()),
            Patience,
            "the watch stopped");
        await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions",
            new { channel = "x", nativeId = "1850000000000000077", author = "@late", text = "Still snowing? #DCCSnow" },
            HttpStatusCode.Accepted);
        Assert.True(await Host.Harness.Published.Any<MentionReceived>(m => m.Context.Message.NativeId == "1850000000000000077"));
        Assert.Null(Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.NativeId == "1850000000000000077").Single().Context.Message.IncidentId);
    }

    [Fact]
    public async Task A_mention_without_an_author_is_a_validation_problem()
    {
        var problem = await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions",
            new { channel = "x", nativeId = "1", text = "hello" }, HttpStatusCode.BadRequest);

        problem.AssertProblem("validation", 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("author", out _));
    }

    private async Task<Guid> OpenIncidentAsync(string hashtag)
    {
        var incidentId = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new IncidentOpened(incidentId, "Demo County Council", "Test", hashtag, "Major", DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(
            async () => (await Host.Client.GetJsonAsync("/api/v1/monitoring/watches")).EnumerateArray()
                .Any(w => w.Text("term") == hashtag && w.GetProperty("active").GetBoolean()),
            Patience,
            $"a watch on {hashtag}");
        return incidentId;
    }
}
