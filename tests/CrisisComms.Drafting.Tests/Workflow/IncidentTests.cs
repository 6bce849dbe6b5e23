using System.Net;
using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Drafting.Tests.Workflow;

public sealed class IncidentTests : HostedTest
{
    [Fact]
    public async Task Opening_an_incident_issues_its_hashtag_and_publishes_IncidentOpened()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "River Exe flooding", shortName = "flood", severity = "Major", areas = new[] { "Exeter St Thomas" } });

        Assert.Equal("#DCCFlood", incident.Text("hashtag"));
        Assert.Equal("Major", incident.Text("severity"));
        Assert.True(incident.GetProperty("hashtagUsage").GetProperty("known").GetBoolean());
        Assert.True(await Host.Harness.Published.Any<IncidentOpened>(m => m.Context.Message.IncidentId == incident.Id() && m.Context.Message.Hashtag == "#DCCFlood"));
        var register = await Host.Client.GetJsonAsync("/api/v1/hashtags");
        Assert.Contains(register.EnumerateArray(), h => h.Text("hashtag") == "#DCCFlood" && h.Id("incidentId") == incident.Id());
    }

    [Fact]
    public async Task Without_a_short_name_the_tag_is_suggested_from_the_title()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Power cut across Exeter" });

        Assert.Equal("#DCCPowerCut", incident.Text("hashtag"));
    }

    [Fact]
    public async Task A_live_tag_is_never_issued_twice_and_alternatives_are_offered()
    {
        await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Flooding in Exeter", shortName = "flood" });

        var problem = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Flooding in Tiverton", shortName = "flood", areas = new[] { "Tiverton" } }, HttpStatusCode.Conflict);

        problem.AssertProblem("hashtag-live", 409);
        var alternatives = problem.GetProperty("alternatives").EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.Contains("#DCCTivertonFlood", alternatives);
        Assert.DoesNotContain("#DCCFlood", alternatives);
    }

    [Fact]
    public async Task A_tag_others_are_already_using_is_reported_and_can_be_issued_only_knowingly()
    {
        for (var i = 0; i < 3; i++)
        {
            await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions",
                new { channel = "x", nativeId = $"18500000000000001{i}", author = $"@someone{i % 2}", text = $"Queues at the #DCCSnow depot {i}" }, HttpStatusCode.Accepted);
        }

        var check = await Host.Client.PostJsonAsync("/api/v1/hashtags/check", new { shortName = "snow" }, HttpStatusCode.OK);
        var refused = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Snow", shortName = "snow" }, HttpStatusCode.Conflict);
        var issued = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Snow", shortName = "snow", acceptHashtagInUse = true });

        Assert.True(check.GetProperty("inUseByOthers").GetBoolean());
        Assert.Equal(3, check.GetProperty("usage").GetProperty("mentions").GetInt32());
        Assert.Equal(2, check.GetProperty("usage").GetProperty("distinctAuthors").GetInt32());
        Assert.NotEmpty(check.GetProperty("alternatives").EnumerateArray());
        refused.AssertProblem("hashtag-in-use", 409);
        Assert.Equal("#DCCSnow", issued.Text("hashtag"));
    }

    [Fact]
    public async Task A_tag_that_is_not_a_hashtag_on_X_is_a_validation_problem()
    {
        var problem = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Thing", hashtag = "#DCC 2026!" }, HttpStatusCode.BadRequest);

        problem.AssertProblem("validation", 400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("hashtag", out _));
    }

    [Fact]
    public async Task Updating_standing_down_and_closing_announce_the_whole_picture_and_closing_retires_the_tag()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Gas leak", shortName = "gas" });
        var id = incident.Id();

        await Host.Client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/incidents/{id}", new { severity = "Critical", areas = new[] { "Sidwell Street" }, summary = "Cordon in place" });
        await Host.Client.PostJsonAsync($"/api/v1/incidents/{id}/stand-down", new { reason = "leak sealed" }, HttpStatusCode.OK);
        var closed = await Host.Client.PostJsonAsync($"/api/v1/incidents/{id}/close", new { reason = "all clear" }, HttpStatusCode.OK);

        Assert.Equal("Closed", closed.Text("status"));
        await Eventually.TrueAsync(
            () => Task.FromResult(Host.Harness.Published.Select<IncidentUpdated>(m => m.Context.Message.IncidentId == id).Count() >= 4),
            Patience, "four pictures of the incident");
        var pictures = Host.Harness.Published.Select<IncidentUpdated>(m => m.Context.Message.IncidentId == id).Select(m => m.Context.Message).OrderBy(m => m.ChangedAt).ToList();
        Assert.Equal(["Open", "Open", "StoodDown", "Closed"], pictures.Select(p => p.Status));
        Assert.Equal("Critical", pictures[1].Severity);
        Assert.Equal(["Sidwell Street"], pictures[1].Areas);
        Assert.True(await Host.Harness.Published.Any<IncidentClosed>(m => m.Context.Message.IncidentId == id));

        // Retired, so the tag can be issued again for a new incident — the register keeps both.
        var again = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Another gas leak", shortName = "gas" });
        Assert.Equal("#DCCGas", again.Text("hashtag"));
        var register = await Host.Client.GetJsonAsync("/api/v1/hashtags");
        Assert.Equal(2, register.EnumerateArray().Count(h => h.Text("hashtag") == "#DCCGas"));
    }

    [Fact]
    public async Task The_next_update_is_part_of_the_incident_and_the_officer_is_reminded_when_it_is_due()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Storm", shortName = "storm" });
        var due = DateTimeOffset.UtcNow.AddSeconds(2);

        var updated = await Host.Client.PostJsonAsync($"/api/v1/incidents/{incident.Id()}/next-update", new { dueAt = due, note = "Update on road closures" }, HttpStatusCode.OK);

        Assert.InRange(updated.GetProperty("nextUpdateDue").GetDateTimeOffset() - due, TimeSpan.FromMilliseconds(-1), TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => Task.FromResult(Host.Harness.Published.Select<UpdateDue>(m => m.Context.Message.IncidentId == incident.Id()).Any()), Patience, "the reminder");
        var reminder = Host.Harness.Published.Select<UpdateDue>(m => m.Context.Message.IncidentId == incident.Id()).Single().Context.Message;
        Assert.Equal("Update on road closures", reminder.Note);
    }

    [Fact]
    public async Task A_past_next_update_time_is_refused()
    {
        var incident = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Ice", shortName = "ice" });

        var problem = await Host.Client.PostJsonAsync($"/api/v1/incidents/{incident.Id()}/next-update", new { dueAt = DateTimeOffset.UtcNow.AddMinutes(-5) }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("dueAt", out _));
    }
}
