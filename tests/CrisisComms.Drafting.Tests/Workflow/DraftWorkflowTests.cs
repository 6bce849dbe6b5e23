using System.Net;
using System.Text.Json;
using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Drafting.Tests.Workflow;

/// <summary>Write once, publish everywhere: drafts, approval, break-glass, risk checks, follow-ups.</summary>
public sealed class DraftWorkflowTests : HostedTest
{
    private HttpClient Officer => Host.ClientAs("olu", Roles.Officer);

    private HttpClient Approver => Host.ClientAs("alex", Roles.Approver, Roles.Officer);

    [Fact]
    public async Task A_draft_renders_for_every_chosen_channel_with_counters_and_verdicts()
    {
        var incident = await OpenAsync("flood");

        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new
        {
            incidentId = incident,
            headline = "Flood warning",
            body = "Avoid Bonhay Road. Sandbags at the Civic Centre.",
            channels = new[] { "x", "sms", "email", "telegram", "cap" },
        });

        Assert.Equal("Draft", draft.Text("status"));
        var renderings = draft.GetProperty("renderings").EnumerateArray().ToDictionary(r => r.Text("channel"));
        Assert.Equal(["x", "sms", "email", "telegram", "cap"], renderings.Keys);
        Assert.Equal("Avoid Bonhay Road. Sandbags at the Civic Centre. #DCCFlood", renderings["x"].Text("text"));
        Assert.Equal("58/280", renderings["x"].Text("counter"));
        Assert.Equal("Fits", renderings["sms"].Text("verdict"));
        Assert.StartsWith("<?xml", renderings["cap"].Text("capXml"), StringComparison.Ordinal);
        Assert.Equal("[Demo County Council] Flood warning", renderings["email"].Text("subject"));
    }

    [Fact]
    public async Task Without_approval_policy_submitting_publishes_one_command_per_channel_and_shows_each_result()
    {
        var incident = await OpenAsync("snow");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "A38 closed", body = "The A38 is closed at Haldon Hill.", channels = new[] { "x", "facebook", "sms" } });

        var submitted = await Officer.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/submit", new { }, HttpStatusCode.OK);

        Assert.Equal("Published", submitted.Text("status"));
        var postId = submitted.Id("postId");
        var commands = await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<PublishToChannel>(m => m.Context.Message.PostId == postId).Select(m => m.Context.Message).ToList()),
            c => c.Count == 3, Patience, "three publish commands");
        Assert.Equal([$"{postId:N}:facebook", $"{postId:N}:sms", $"{postId:N}:x"], commands.Select(c => c.IdempotencyKey).Order(StringComparer.Ordinal));
        Assert.Equal("The A38 is closed at Haldon Hill. #DCCSnow", commands.Single(c => c.Channel == "x").Text);
        Assert.True(await Host.Harness.Published.Any<PostReleased>(m => m.Context.Message.PostId == postId));

        var shown = await Eventually.GetAsync(
            () => Officer.GetJsonAsync($"/api/v1/drafts/{draft.Id()}"),
            d => d.GetProperty("channelStatus").GetArrayLength() == 3 && d.GetProperty("channelStatus").EnumerateArray().All(c => c.Text("status") == "Published"),
            Patience, "every channel reported published");
        Assert.All(shown.GetProperty("channelStatus").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.Text("channelPostId"))));
    }

    [Fact]
    public async Task With_second_person_approval_the_author_cannot_approve_and_another_approver_publishes()
    {
        await RequireApprovalAsync();
        var incident = await OpenAsync("fire");
        var author = Approver;
        var draft = await author.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Smoke", body = "Keep windows and doors closed.", channels = new[] { "x" }, submit = true });

        var own = await author.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/approve", new { }, HttpStatusCode.Forbidden);
        var officerTries = await Officer.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/approve", new { }, HttpStatusCode.Forbidden);
        var approved = await Host.ClientAs("sam", Roles.Approver).PostJsonAsync($"/api/v1/drafts/{draft.Id()}/approve", new { }, HttpStatusCode.OK);

        Assert.Equal("AwaitingApproval", draft.Text("status"));
        own.AssertProblem("own-draft", 403);
        Assert.Equal(403, officerTries.GetProperty("status").GetInt32());
        Assert.Equal("Published", approved.Text("status"));
        Assert.Equal("sam", approved.Text("decidedBy"));
        Assert.True(await Host.Harness.Published.Any<PostReleased>(m => m.Context.Message.DraftId == draft.Id() && m.Context.Message.ApprovedBy == "sam"));
        // The stall check was scheduled for the limit after submission.
        Assert.True(await Host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<Drafting.Persistence.DraftingDbContext>();
            return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.OutboxMessages, m => m.ScheduleKey == $"approval-{draft.Id():N}");
        }));
    }

    [Fact]
    public async Task Sent_back_with_a_reason_edited_as_a_new_version_then_approved()
    {
        await RequireApprovalAsync();
        var incident = await OpenAsync("wind");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Gales", body = "Trees down on the B3212.", channels = new[] { "facebook" }, submit = true });

        var rejected = await Approver.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/reject", new { reason = "Say which way to go instead." }, HttpStatusCode.OK);
        var edited = await Officer.SendJsonAsync(HttpMethod.Put, $"/api/v1/drafts/{draft.Id()}", new { body = "Trees down on the B3212: use the A30.", reason = "added diversion" });
        var resubmitted = await Officer.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/submit", new { }, HttpStatusCode.OK);
        var approved = await Approver.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/approve", new { }, HttpStatusCode.OK);

        Assert.Equal("Rejected", rejected.Text("status"));
        Assert.Equal("Say which way to go instead.", rejected.Text("rejectionReason"));
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        Assert.Equal(["Trees down on the B3212.", "Trees down on the B3212: use the A30."], edited.GetProperty("versions").EnumerateArray().Select(v => v.Text("body")));
        Assert.Equal("AwaitingApproval", resubmitted.Text("status"));
        Assert.Equal("Published", approved.Text("status"));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason()
    {
        await RequireApprovalAsync();
        var incident = await OpenAsync("heat");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Heat", body = "Drink water.", channels = new[] { "x" }, submit = true });

        var problem = await Approver.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/reject", new { reason = " " }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task Break_glass_is_for_named_roles_needs_a_reason_and_is_on_the_record()
    {
        await RequireApprovalAsync();
        var incident = await OpenAsync("chemical");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Stay indoors", body = "Stay indoors and close windows.", channels = new[] { "x", "sms" } });

        var notAllowed = await Officer.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/break-glass", new { reason = "approver unreachable at 3am" }, HttpStatusCode.Forbidden);
        var noReason = await Host.Client.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/break-glass", new { reason = "now" }, HttpStatusCode.BadRequest);
        var published = await Host.Client.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/break-glass", new { reason = "Plume moving over homes; no approver answering." }, HttpStatusCode.OK);

        notAllowed.AssertProblem("break-glass-not-allowed", 403);
        noReason.AssertProblem("validation", 400);
        Assert.Equal("Published", published.Text("status"));
        Assert.True(published.GetProperty("breakGlass").GetBoolean());
        var audit = await Host.Client.GetJsonAsync($"/api/v1/audit?incidentId={incident}");
        var line = Assert.Single(audit.EnumerateArray(), e => e.Text("action") == "draft.break-glass");
        Assert.Equal("Plume moving over homes; no approver answering.", line.Text("reason"));
        Assert.Equal("tester", line.Text("actorId"));
        Assert.True(await Host.Harness.Published.Any<PostReleased>(m => m.Context.Message.DraftId == draft.Id() && m.Context.Message.BreakGlass));
    }

    [Fact]
    public async Task Personal_data_blocks_publishing_and_the_officer_sees_exactly_what_matched()
    {
        var incident = await OpenAsync("evacuation");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Evacuation", body = "Residents of 14 Riverside Walk, Exeter EX4 3AB should leave now.", channels = new[] { "x" } });

        var blocked = await Officer.PostJsonAsync($"/api/v1/drafts/{draft.Id()}/submit", new { }, HttpStatusCode.Conflict);

        blocked.AssertProblem("risk-blocked", 409);
        var finding = Assert.Single(blocked.GetProperty("findings").EnumerateArray());
        Assert.Equal("HomeAddress", finding.Text("check"));
        Assert.Equal("14 Riverside Walk, Exeter EX4 3AB", finding.Text("match"));
        Assert.Equal("Draft", (await Officer.GetJsonAsync($"/api/v1/drafts/{draft.Id()}")).Text("status"));
    }

    [Fact]
    public async Task A_link_outside_the_allow_list_warns_but_publishes()
    {
        var incident = await OpenAsync("water");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Boil water", body = "Boil water before drinking: bit.ly/boil-advice", channels = new[] { "x" }, submit = true });

        Assert.Equal("Published", draft.Text("status"));
        Assert.Equal("Link", Assert.Single(draft.GetProperty("findings").EnumerateArray()).Text("check"));
    }

    [Fact]
    public async Task A_follow_up_replies_to_the_original_on_X_and_updates_the_original_CAP_alert()
    {
        var incident = await OpenAsync("landslide");
        var original = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Landslide", body = "The A379 is closed at Dawlish.", channels = new[] { "x", "cap" }, submit = true });
        var originalPost = original.Id("postId");
        var originalX = await Eventually.GetAsync(
            () => Officer.GetJsonAsync($"/api/v1/drafts/{original.Id()}"),
            d => d.GetProperty("channelStatus").EnumerateArray().Any(c => c.Text("channel") == "x" && c.Text("status") == "Published"),
            Patience, "the original on X");
        var xId = originalX.GetProperty("channelStatus").EnumerateArray().Single(c => c.Text("channel") == "x").Text("channelPostId");

        var update = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, kind = "Update", followsPostId = originalPost, headline = "Landslide update", body = "The A379 has reopened.", channels = new[] { "x", "cap" }, submit = true });

        var commands = await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<PublishToChannel>(m => m.Context.Message.PostId == update.Id("postId")).Select(m => m.Context.Message).ToList()),
            c => c.Count == 2, Patience, "the update's commands");
        Assert.Equal(xId, commands.Single(c => c.Channel == "x").InReplyTo);
        var cap = commands.Single(c => c.Channel == "cap").CapXml!;
        Assert.Contains("<msgType>Update</msgType>", cap, StringComparison.Ordinal);
        Assert.Contains($"crisiscomms-{originalPost:N}", cap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_follow_up_must_name_the_post_it_follows()
    {
        var incident = await OpenAsync("smoke");

        var problem = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, kind = "Correction", headline = "Correction", body = "We said Tuesday; it is Wednesday.", channels = new[] { "x" } }, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("followsPostId", out _));
    }

    [Fact]
    public async Task A_template_fills_the_draft_and_names_what_is_left_to_fill()
    {
        var incident = await OpenAsync("closure");

        var missing = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, template = new { key = "road-closure", values = new { road = "The A38" } } }, HttpStatusCode.BadRequest);
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new
        {
            incidentId = incident,
            template = new { key = "road-closure", values = new { road = "The A38", between = "between junctions 30 and 31", diversion = "the A30" } },
        });

        Assert.Contains("between, diversion", missing.GetProperty("errors").GetProperty("template.values")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("The A38 closed", draft.Text("headline"));
        Assert.Equal("The A38 is closed between junctions 30 and 31 because of Incident closure. Please avoid the area and use the A30. #DCCClosure", draft.Text("body"));
        Assert.Equal("road-closure v1", draft.Text("template"));
        Assert.Equal(["x", "facebook", "sms", "web"], draft.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_creates_once_and_answers_the_same()
    {
        var incident = await OpenAsync("outage");
        var body = new { incidentId = incident, headline = "Outage", body = "Power is off in EX2.", channels = new[] { "x" } };
        using var client = Officer;
        client.DefaultRequestHeaders.Add("Idempotency-Key", "double-click-1");

        var first = await client.PostJsonAsync("/api/v1/drafts", body);
        using var second = await client.PostAsync(new Uri("/api/v1/drafts", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(body));
        var replayed = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        var reused = await client.PostJsonAsync("/api/v1/drafts", body with { headline = "Different" }, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Id(), replayed.Id());
        reused.AssertProblem("idempotency-key-reused", 422);
        var drafts = await client.GetJsonAsync($"/api/v1/drafts?incidentId={incident}");
        Assert.Equal(1, drafts.GetArrayLength());
    }

    [Fact]
    public async Task A_draft_still_awaiting_approval_at_the_limit_has_stalled_and_on_call_is_told()
    {
        await RequireApprovalAsync();
        var incident = await OpenAsync("stall");
        var draft = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Waiting", body = "Waiting for approval.", channels = new[] { "x" }, submit = true });

        // The check scheduled at the limit, delivered now.
        await Host.Harness.Bus.Publish(new CheckApprovalWaiting(draft.Id(), 1));

        Assert.True(await Host.Harness.Published.Any<ApprovalStalled>(m => m.Context.Message.DraftId == draft.Id()));
        await Eventually.TrueAsync(
            async () => (await Host.Client.GetJsonAsync("/api/v1/oncall/pages")).EnumerateArray().Any(p => p.Text("reason") == "approval-stalled" && p.Id("subjectId") == draft.Id()),
            Patience, "a page for the stalled approval");
    }

    [Fact]
    public async Task A_wrong_post_is_withdrawn_where_channels_allow_and_the_officer_is_told_which_cannot_be_recalled()
    {
        var incident = await OpenAsync("withdraw");
        var submitted = await Officer.PostJsonAsync("/api/v1/drafts", new { incidentId = incident, headline = "Road closed", body = "Bonhay Road is closed.", channels = new[] { "x", "sms", "web" }, submit = true });
        var postId = submitted.Id("postId");
        await Eventually.TrueAsync(
            async () => (await Officer.GetJsonAsync($"/api/v1/posts/{postId}")).GetProperty("channels").EnumerateArray().All(c => c.Text("status") == "Published"),
            Patience, "published on the sandbox channels");

        var tooShort = await Officer.PostJsonAsync($"/api/v1/posts/{postId}/withdraw", new { reason = "oops" }, HttpStatusCode.BadRequest);
        var onlySms = await Officer.PostJsonAsync($"/api/v1/posts/{postId}/withdraw", new { reason = "Wrong road named in the warning", channels = new[] { "sms" } }, HttpStatusCode.UnprocessableEntity);
        var accepted = await Officer.PostJsonAsync($"/api/v1/posts/{postId}/withdraw", new { reason = "Wrong road named in the warning" }, HttpStatusCode.Accepted);

        Assert.Equal("reason", tooShort.GetProperty("errors").EnumerateObject().Single().Name);
        Assert.Contains("cannot be recalled", onlySms.Text("detail"), StringComparison.Ordinal);
        Assert.Equal(["web", "x"], accepted.GetProperty("withdrawing").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("sms", accepted.GetProperty("notWithdrawn").EnumerateArray().Single().Text("channel"));
        var post = await Eventually.GetAsync(
            () => Officer.GetJsonAsync($"/api/v1/posts/{postId}"),
            p => p.GetProperty("channels").EnumerateArray().Count(c => c.Text("status") == "Withdrawn") == 2,
            Patience, "withdrawn from x and the web page");
        Assert.Equal("Published", post.GetProperty("channels").EnumerateArray().Single(c => c.Text("channel") == "sms").Text("status"));
        var sandbox = await Officer.GetJsonAsync($"/api/v1/publishing/sandbox?incidentId={incident}");
        Assert.NotEqual(JsonValueKind.Null, sandbox.EnumerateArray().Single(p => p.Text("channel") == "x").GetProperty("withdrawnAt").ValueKind);
        var page = await Host.AnonymousClient.GetStringAsync(new Uri($"/public/incidents/{incident}", UriKind.Relative));
        Assert.Contains("This message was withdrawn", page, StringComparison.Ordinal);
        var audit = await Host.Client.GetJsonAsync($"/api/v1/audit?incidentId={incident}");
        var actions = audit.EnumerateArray().Select(l => l.Text("action")).ToList();
        Assert.Contains("post.withdraw-requested", actions);
        Assert.Equal(2, actions.Count(a => a == "post.withdrawn"));
        Assert.Equal("Wrong road named in the warning", audit.EnumerateArray().Single(l => l.Text("action") == "post.withdraw-requested").Text("reason"));
    }

    private async Task<Guid> OpenAsync(string name) =>
        (await Host.Client.PostJsonAsync("/api/v1/incidents", new { title = $"Incident {name}", shortName = name, areas = new[] { "Exeter" } })).Id();

    private Task RequireApprovalAsync() =>
        Host.Client.SendJsonAsync(HttpMethod.Patch, "/api/v1/organisation/settings", new { approvalMode = "SecondPerson", reason = "test" });
}
