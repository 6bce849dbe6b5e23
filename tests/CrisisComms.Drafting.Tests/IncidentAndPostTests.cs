using System.Net;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Drafting.Tests;

public sealed class IncidentAndPostTests : HostedTest
{
    [Fact]
    public async Task Opening_an_incident_issues_its_hashtag_and_publishes_IncidentOpened()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "River Exe flooding", shortName = "flood", severity = "Major" });

        Assert.Equal("#DCCFlood", incident.Text("hashtag"));
        Assert.Equal("Major", incident.Text("severity"));
        Assert.True(await Host.Harness.Published.Any<IncidentOpened>(m =>
            m.Context.Message.IncidentId == incident.Id() && m.Context.Message.Hashtag == "#DCCFlood"));
    }

    [Fact]
    public async Task Without_a_short_name_the_tag_comes_from_the_title()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Power cut" });

        Assert.Equal("#DCCPowerCut", incident.Text("hashtag"));
        Assert.Equal("Moderate", incident.Text("severity"));
    }

    [Fact]
    public async Task An_incident_without_a_title_is_a_validation_problem_naming_the_field()
    {
        var problem = await Host.Client.PostJsonAsync("/api/v1/incidents", new { shortName = "flood" }, HttpStatusCode.BadRequest);

        problem.AssertProblem("validation", 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Closing_announces_it_once_however_often_it_is_asked()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Gas leak" });

        await Host.Client.PostJsonAsync($"/api/v1/incidents/{incident.Id()}/close", new { }, HttpStatusCode.OK);
        var closed = await Host.Client.PostJsonAsync($"/api/v1/incidents/{incident.Id()}/close", new { }, HttpStatusCode.OK);

        Assert.Equal("Closed", closed.Text("status"));
        Assert.True(await Host.Harness.Published.Any<IncidentClosed>(m => m.Context.Message.IncidentId == incident.Id()));
        Assert.Single(Host.Harness.Published.Select<IncidentClosed>(m => m.Context.Message.IncidentId == incident.Id()));
    }

    [Fact]
    public async Task An_unknown_incident_is_a_not_found_problem()
    {
        var problem = await Host.Client.GetJsonAsync($"/api/v1/incidents/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        problem.AssertProblem("not-found", 404);
    }

    [Fact]
    public async Task A_post_sends_one_command_per_channel_with_a_stable_key_and_shows_what_each_channel_did()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Snow", shortName = "snow" });

        var post = await Host.Client.PostJsonAsync("/api/v1/posts", new { incidentId = incident.Id(), text = "A38 closed at Haldon Hill.", channels = new[] { "x", "sms" } });

        var commands = await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<PublishToChannel>(m => m.Context.Message.PostId == post.Id()).ToList()),
            c => c.Count == 2,
            TimeSpan.FromSeconds(20),
            "two publish commands");
        Assert.Equal(
            [$"{post.Id():N}:sms", $"{post.Id():N}:x"],
            commands.Select(c => c.Context.Message.IdempotencyKey).Order(StringComparer.Ordinal));

        // The sandbox channels publish and report back; the post shows it per channel.
        var shown = await Eventually.GetAsync(
            () => Host.Client.GetJsonAsync($"/api/v1/posts/{post.Id()}"),
            p => p.GetProperty("channels").EnumerateArray().All(c => c.Text("status") == "Published"),
            TimeSpan.FromSeconds(20),
            "both channels published");
        Assert.All(shown.GetProperty("channels").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.Text("channelPostId"))));
    }

    [Fact]
    public async Task A_post_to_an_unknown_channel_is_refused_naming_the_field()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Fire" });

        var problem = await Host.Client.PostJsonAsync("/api/v1/posts", new { incidentId = incident.Id(), text = "Keep windows shut.", channels = new[] { "myspace" } }, HttpStatusCode.BadRequest);

        problem.AssertProblem("validation", 400);
        Assert.Contains("'myspace' is not one of", problem.GetProperty("errors").GetProperty("channels")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_incident_takes_no_new_posts()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Storm" });
        await Host.Client.PostJsonAsync($"/api/v1/incidents/{incident.Id()}/close", new { }, HttpStatusCode.OK);

        var problem = await Host.Client.PostJsonAsync("/api/v1/posts", new { incidentId = incident.Id(), text = "Update", channels = new[] { "x" } }, HttpStatusCode.Conflict);

        problem.AssertProblem("incident-closed", 409);
    }
}
