using System.Net;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Drafting.Tests.Workflow;

public sealed class TemplatesSchedulesAndAuditTests : HostedTest
{
    [Fact]
    public async Task The_six_templates_are_there_and_an_admin_edit_makes_a_new_version()
    {
        var templates = await Host.Client.GetJsonAsync("/api/v1/templates");
        var denied = await Host.ClientAs("olu", Roles.Officer).SendJsonAsync(HttpMethod.Put, "/api/v1/templates/update", new { body = "x {{hashtag}}" }, HttpStatusCode.Forbidden);
        var edited = await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/templates/update", new { body = "Latest on {{incident}}: {{details}} {{hashtag}}", reason = "shorter" });
        var history = await Host.Client.GetJsonAsync("/api/v1/templates/update");

        Assert.Equal(["all-clear", "holding-statement", "rest-centre-open", "road-closure", "school-closures", "update"], templates.EnumerateArray().Select(t => t.Text("key")));
        Assert.Equal(403, denied.GetProperty("status").GetInt32());
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        Assert.Equal([2, 1], history.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal([true, false], history.EnumerateArray().Select(v => v.GetProperty("current").GetBoolean()));
    }

    [Fact]
    public async Task A_scheduled_post_goes_out_when_it_is_due()
    {
        var incident = await OpenAsync("schedule");
        var draft = await Host.Client.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "14:00 update", body = "Levels are falling.", channels = new[] { "x" } });

        var item = await Host.Client.PostJsonAsync("/api/v1/schedules", new { draftId = draft.Id(), dueAt = DateTimeOffset.UtcNow.AddSeconds(2) });

        Assert.Equal("Pending", item.Text("status"));
        var done = await Eventually.GetAsync(
            async () => (await Host.Client.GetJsonAsync($"/api/v1/schedules?incidentId={incident}")).EnumerateArray().Single(),
            s => s.Text("status") != "Pending", Patience, "the schedule fired");
        Assert.Equal("Done", done.Text("status"));
        Assert.True(await Host.Harness.Published.Any<PostReleased>(m => m.Context.Message.DraftId == draft.Id()));
    }

    [Fact]
    public async Task The_crisis_switch_holds_routine_posts_until_an_officer_releases_them()
    {
        var incident = await OpenAsync("routine");
        var routine = await Host.Client.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Bins", body = "Bins are collected as normal this week.", channels = new[] { "facebook" } });
        var incidentPost = await Host.Client.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Update", body = "Roads reopening.", channels = new[] { "x" } });
        var denied = await Host.ClientAs("olu", Roles.Officer).SendJsonAsync(HttpMethod.Put, "/api/v1/organisation/crisis-switch", new { on = true, reason = "flood" }, HttpStatusCode.Forbidden);
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/organisation/crisis-switch", new { on = true, reason = "Major flood: routine posts would jar" });

        // Business as usual is held; what is part of the incident response goes out.
        var held = await ScheduleAsync(routine.Id(), routine: true);
        var sent = await ScheduleAsync(incidentPost.Id(), routine: false);

        var heldState = await Eventually.GetAsync(() => ScheduleStateAsync(held), s => s != "Pending", Patience, "the routine post held");
        var sentState = await Eventually.GetAsync(() => ScheduleStateAsync(sent), s => s != "Pending", Patience, "the incident post sent");
        var released = await Host.Client.PostJsonAsync($"/api/v1/schedules/{held}/release", new { }, HttpStatusCode.OK);

        Assert.Equal(403, denied.GetProperty("status").GetInt32());
        Assert.Equal("Held", heldState);
        Assert.Equal("Done", sentState);
        Assert.Equal("Done", released.Text("status"));
        var settings = await Host.Client.GetJsonAsync("/api/v1/organisation/settings");
        Assert.True(settings.GetProperty("crisisSwitchOn").GetBoolean());
        Assert.Equal("tester", settings.Text("crisisSwitchBy"));
    }

    [Fact]
    public async Task The_audit_log_records_who_did_what_and_its_chain_verifies()
    {
        var incident = await OpenAsync("audit");
        await Host.Client.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Audit", body = "Testing the record.", channels = new[] { "x" }, submit = true });

        var lines = await Host.Client.GetJsonAsync($"/api/v1/audit?incidentId={incident}");
        var verify = await Host.Client.GetJsonAsync("/api/v1/audit/verify");
        var officerDenied = await Host.ClientAs("olu", Roles.Officer).GetJsonAsync("/api/v1/audit/verify", HttpStatusCode.Forbidden);

        Assert.Equal(
            ["incident.opened", "hashtag.issued", "draft.created", "draft.submitted", "post.released"],
            lines.EnumerateArray().Select(l => l.Text("action")));
        Assert.All(lines.EnumerateArray(), l => Assert.Equal("tester", l.Text("actorId")));
        Assert.True(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(403, officerDenied.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_database_refuses_to_change_the_audit_log_and_a_change_behind_its_back_shows()
    {
        var incident = await OpenAsync("tamper");

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("UPDATE audit_log SET reason = 'nothing to see'"));
        // Someone with the database's keys drops the guard and edits a line: the chain shows where.
        await ExecuteAsync("DROP TRIGGER audit_log_no_update");
        await ExecuteAsync($"UPDATE audit_log SET actor_name = 'someone else' WHERE action = 'hashtag.issued'");
        var verify = await Host.Client.GetJsonAsync("/api/v1/audit/verify");

        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        Assert.False(verify.GetProperty("intact").GetBoolean());
        Assert.Equal(2, verify.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Contains("edited", verify.Text("problem"), StringComparison.Ordinal);
        _ = incident;
    }

    [Fact]
    public async Task The_FOI_export_has_every_line_of_the_incident_with_its_hashes_in_JSON_and_CSV()
    {
        var incident = await OpenAsync("foi");

        var json = await Host.Client.GetJsonAsync($"/api/v1/audit/incidents/{incident}/export");
        using var csvResponse = await Host.Client.GetAsync(new Uri($"/api/v1/audit/incidents/{incident}/export?format=csv", UriKind.Relative));
        var csv = await csvResponse.Content.ReadAsStringAsync();

        Assert.True(json.GetProperty("chain").GetProperty("intact").GetBoolean());
        var entries = json.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["incident.opened", "hashtag.issued", "audit.exported"], entries.Select(e => e.Text("action")));
        Assert.All(entries, e => Assert.Equal(64, e.Text("hash").Length));
        Assert.Equal("text/csv; charset=utf-8", csvResponse.Content.Headers.ContentType!.ToString());
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Sequence,At,ActorId,ActorName,Action,Entity,EntityId,IncidentId,Reason,Details,PreviousHash,Hash", rows[0], StringComparison.Ordinal);
        Assert.Equal(4 + 1, rows.Length); // header + the JSON export's three lines + the CSV export's own line
        Assert.Contains(entries[0].Text("hash"), csv, StringComparison.Ordinal);
    }

    private async Task<Guid> OpenAsync(string name) =>
        (await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = $"Incident {name}", shortName = name })).Id();

    private async Task<Guid> ScheduleAsync(Guid draftId, bool routine) =>
        (await Host.Client.PostJsonAsync("/api/v1/schedules", new { draftId, routine, dueAt = DateTimeOffset.UtcNow.AddSeconds(1) })).Id();

    private async Task<string> ScheduleStateAsync(Guid id) =>
        (await Host.Client.GetJsonAsync("/api/v1/schedules")).EnumerateArray().Single(s => s.Id() == id).Text("status");

    private Task<int> ExecuteAsync(string sql) => Host.InScopeAsync(sp =>
        sp.GetRequiredService<DraftingDbContext>().Database.ExecuteSqlRawAsync(sql));
}
