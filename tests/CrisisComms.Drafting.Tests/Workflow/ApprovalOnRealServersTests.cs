using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using Npgsql;
using Xunit;

namespace CrisisComms.Drafting.Tests.Workflow;

/// <summary>Approve → one publish command per channel → results, on RabbitMQ, PostgreSQL and Redis.</summary>
[Collection(RealServersCollection.Name)]
public sealed class ApprovalOnRealServersTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_approved_draft_goes_out_on_every_channel_and_each_result_comes_back()
    {
        await using var infrastructure = await servers.IsolateAsync("approval");
        await using var host = await ServiceHost.StartAsync(o => o.Infrastructure = infrastructure);
        using var admin = host.Client;
        using var author = host.ClientAs("olu", Roles.Officer);
        using var approver = host.ClientAs("alex", Roles.Approver);
        await admin.SendJsonAsync(HttpMethod.Patch, "/api/v1/organisation/settings", new { approvalMode = "SecondPerson", reason = "sign-off during incidents" });
        var incident = await author.PostJsonAsync("/api/v1/incidents", new { title = "River Exe flooding", shortName = "flood", areas = new[] { "Exeter" } });
        var draft = await author.PostJsonAsync("/api/v1/drafts", new
        {
            incidentId = incident.Id(),
            headline = "Flood warning",
            body = "Avoid Bonhay Road. A rest centre is open at the Corn Exchange.",
            channels = new[] { "x", "facebook", "sms", "email", "telegram", "web", "cap", "webhook" },
            submit = true,
        });

        var approved = await approver.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/approve", new { }, System.Net.HttpStatusCode.OK);
        var shown = await Eventually.GetAsync(
            () => author.GetJsonAsync($"/api/v1/drafts/{draft.Id()}"),
            d => d.GetProperty("channelStatus").EnumerateArray().Count(c => c.Text("status") == "Published") == 8,
            Patience, "all eight channels published");

        Assert.Equal("AwaitingApproval", draft.Text("status"));
        Assert.Equal("Published", approved.Text("status"));
        Assert.Equal(8, shown.GetProperty("channelStatus").GetArrayLength());
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var ledger = new NpgsqlCommand("SELECT count(*) FROM publishing.ledger WHERE status = 'Sent' AND attempts = 1", connection);
        Assert.Equal(8L, await ledger.ExecuteScalarAsync());
        var audit = await admin.GetJsonAsync($"/api/v1/audit?incidentId={incident.Id()}");
        Assert.Equal(
            ["incident.opened", "hashtag.issued", "draft.created", "draft.submitted", "draft.approved", "post.released"],
            audit.EnumerateArray().Select(a => a.Text("action")));
        Assert.True((await admin.GetJsonAsync("/api/v1/audit/verify")).GetProperty("intact").GetBoolean());
    }
}
