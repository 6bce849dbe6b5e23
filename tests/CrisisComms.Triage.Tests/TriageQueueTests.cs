using System.Net;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Triage.Tests;

/// <summary>The queue on the embedded host, with the bus observed through MassTransit's test harness.</summary>
public sealed class TriageQueueTests : HostedTest
{
    protected override void Configure(ServiceHostOptions options)
    {
        options.Settings["CrisisComms:Triage:CriticalDeadline"] = "00:00:02";
        options.Settings["CrisisComms:Triage:HighDeadline"] = "00:00:02";
        options.Settings["CrisisComms:Triage:SurgeSize"] = "3";
    }

    [Fact]
    public async Task A_question_is_queued_with_its_reasons_and_announced()
    {
        var mention = Mentions.Of("Is the A377 open? #DCCFlood", incident: Guid.NewGuid());

        await Host.Harness.Bus.Publish(mention);

        var needed = await PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId);
        Assert.Equal("High", needed.Priority);
        Assert.Equal(["asks a question of us", "incident hashtag"], needed.Reasons);
        var item = await Host.Client.GetJsonAsync($"/api/v1/triage/items/{needed.ItemId}");
        Assert.Equal("Open", item.GetProperty("item").Text("status"));
        var picture = await PublishedAsync<TriageItemUpdated>(m => m.ItemId == needed.ItemId);
        Assert.Equal("needs_response", picture.Judgement);
        Assert.Equal(1, picture.ClusterSize);
    }

    [Fact]
    public async Task Someone_in_danger_pages_at_once_and_the_officer_is_offered_the_999_reply()
    {
        var mention = Mentions.Of("please help we are trapped in the attic, water rising fast", incident: Guid.NewGuid());

        await Host.Harness.Bus.Publish(mention);

        var alarm = await PublishedAsync<LifeSafetyDetected>(m => m.MentionId == mention.MentionId);
        Assert.Contains(alarm.Reasons, r => r.StartsWith("life-safety words: trapped", StringComparison.Ordinal));
        var item = (await Host.Client.GetJsonAsync($"/api/v1/triage/items/{alarm.ItemId}")).GetProperty("item");
        Assert.Equal("Critical", item.Text("priority"));
        Assert.Equal("call-999", item.GetProperty("suggested").Text("template"));
        Assert.Contains("call 999", item.GetProperty("suggested").Text("text"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_item_still_waiting_at_its_deadline_breaches_its_SLA_once()
    {
        var mention = Mentions.Of("We are trapped, water rising fast", incident: Guid.NewGuid());

        await Host.Harness.Bus.Publish(mention);

        var itemId = (await PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId)).ItemId;
        var breach = await PublishedAsync<SlaBreached>(m => m.ItemId == itemId);
        Assert.Equal("Critical", breach.Priority);
        Assert.Equal(mention.IncidentId, breach.IncidentId);
        // A second check (a redelivery, a duplicate schedule) finds it already breached.
        var consumed = ConsumeCounter.On(Host.Harness.Bus);
        await Host.Harness.Bus.Publish(new CheckResponseDeadline(itemId));
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<CheckResponseDeadline>() == 1), Patience, "the check consumed");
        Assert.Single(Host.Harness.Published.Select<SlaBreached>(m => m.Context.Message.ItemId == itemId));
    }

    [Fact]
    public async Task An_item_resolved_before_its_deadline_does_not_breach_and_becomes_a_label()
    {
        var mention = Mentions.Of("Where is the nearest sandbag point?");
        var consumed = ConsumeCounter.On(Host.Harness.Bus);
        await Host.Harness.Bus.Publish(mention);
        var itemId = (await PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId)).ItemId;

        var resolved = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/resolve", new { outcome = "referred to partner" }, HttpStatusCode.OK);

        Assert.Equal("Resolved", resolved.Text("status"));
        await Host.Harness.Bus.Publish(new CheckResponseDeadline(itemId));
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<CheckResponseDeadline>() == 1), Patience, "the check consumed");
        Assert.False(Host.Harness.Published.Select<SlaBreached>(m => m.Context.Message.ItemId == itemId).Any());
        using var export = await Host.Client.GetAsync(new Uri("/api/v1/triage/labels.csv", UriKind.Relative));
        var csv = await export.Content.ReadAsStringAsync();
        Assert.Equal("text/csv; charset=utf-8", export.Content.Headers.ContentType?.ToString());
        Assert.StartsWith("id,text,label_needs_response,priority,category,triage_class,event,kind,source\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($"\"Where is the nearest sandbag point?\",1,Medium,\"referred to partner\",needs_response,no-incident,\"{mention.Kind}\",\"{mention.Source}\"\r\n", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_queue_puts_the_critical_first()
    {
        var incident = Guid.NewGuid();
        await Host.Harness.Bus.Publish(Mentions.Of("when do schools reopen?", incident));
        await Host.Harness.Bus.Publish(Mentions.Of("help us we are trapped", incident));

        var queue = await Eventually.GetAsync(
            () => Host.Client.GetJsonAsync($"/api/v1/triage/items?incidentId={incident}"),
            q => q.GetArrayLength() == 2,
            Patience,
            "both queued");

        Assert.Equal(["Critical", "High"], queue.EnumerateArray().Select(i => i.Text("priority")));
    }

    [Fact]
    public async Task Repeats_gather_into_one_item_that_grows_and_a_spreading_rumour_is_raised()
    {
        var incident = Guid.NewGuid();
        var first = Mentions.Of("Apparently the Roadford dam has burst and the town will flood tonight", incident, kind: "Post");
        await Host.Harness.Bus.Publish(first);
        await Host.Harness.Bus.Publish(Mentions.Of("RT @someone: Apparently the Roadford dam has burst and the town will flood tonight", incident, kind: "Post", repost: true));
        await Host.Harness.Bus.Publish(Mentions.Of("apparently the Roadford dam has burst and the town will flood tonight!!", incident, kind: "Post", followers: 250_000));

        var item = await Eventually.GetAsync(
            async () => (await Host.Client.GetJsonAsync($"/api/v1/triage/items?status=all&incidentId={incident}")).EnumerateArray().ToList(),
            items => items.Count == 1 && items[0].GetProperty("clusterSize").GetInt32() == 3,
            Patience,
            "one item of three");

        var reasons = item[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("rumour: apparently, 3 similar in 10 min", reasons);
        Assert.Contains("author reach 250k", reasons);
        Assert.Equal("NeedsResponse", item[0].Text("verdict"));
        Assert.Equal("High", item[0].Text("priority"));
        Assert.Equal("Open", item[0].Text("status"));
        var detail = await Host.Client.GetJsonAsync($"/api/v1/triage/items/{item[0].Id()}");
        Assert.Equal(3, detail.GetProperty("mentions").GetArrayLength());
    }

    [Fact]
    public async Task A_reply_goes_to_publishing_threaded_and_its_outcome_shows_on_the_item()
    {
        var mention = Mentions.Of("Is the rest centre at the Corn Exchange open tonight?", Guid.NewGuid());
        await Host.Harness.Bus.Publish(mention);
        var itemId = (await PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId)).ItemId;
        await Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/claim", new { }, HttpStatusCode.OK);

        var accepted = await Host.Client.PostJsonAsync(
            $"/api/v1/triage/items/{itemId}/replies",
            new { template = "latest-update", values = new Dictionary<string, string> { ["link"] = "https://devon.example/flood" } },
            HttpStatusCode.Accepted);

        var request = await PublishedAsync<ReplyRequested>(m => m.ItemId == itemId);
        Assert.Equal(mention.NativeId, request.InReplyToNativeId);
        Assert.Equal("x", request.Channel);
        Assert.Equal("tester", request.RequestedBy);
        Assert.Equal("The latest information is here: https://devon.example/flood. We'll keep it updated as things change.", request.Text);
        Assert.Equal("Pending", accepted.GetProperty("item").GetProperty("reply").Text("status"));

        await Host.Harness.Bus.Publish(new ReplyFailed(request.ReplyId, itemId, "x", "X said 403: You are not allowed to reply to this post", DateTimeOffset.UtcNow));
        var failed = await ItemWhenAsync(itemId, i => i.GetProperty("reply").Text("status") == "Failed");
        Assert.Contains("You are not allowed to reply", failed.GetProperty("reply").Text("detail"), StringComparison.Ordinal);
        Assert.Equal("Claimed", failed.Text("status"));

        await Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/replies", new { text = "Yes, it's open all night." }, HttpStatusCode.Accepted);
        var second = await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<ReplyRequested>(m => m.Context.Message.ItemId == itemId).Select(m => m.Context.Message).ToList()),
            r => r.Count == 2, Patience, "the second reply requested");
        await Host.Harness.Bus.Publish(new ReplySent(second[1].ReplyId, itemId, "x", "1890", "https://x.com/council/status/1890", DateTimeOffset.UtcNow));
        var sent = await ItemWhenAsync(itemId, i => i.Text("status") == "Resolved");
        Assert.Equal("Sent", sent.GetProperty("reply").Text("status"));
        Assert.Equal("replied", sent.Text("outcome"));
    }

    [Fact]
    public async Task A_reply_with_the_same_idempotency_key_is_sent_once()
    {
        var mention = Mentions.Of("Are the buses running to Tiverton?");
        await Host.Harness.Bus.Publish(mention);
        var itemId = (await PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId)).ItemId;

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/triage/items/{itemId}/replies") { Content = System.Net.Http.Json.JsonContent.Create(new { template = "acknowledge" }) };
            request.Headers.Add("Idempotency-Key", "reply-once");
            using var response = await Host.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var detail = await Host.Client.GetJsonAsync($"/api/v1/triage/items/{itemId}");
        Assert.Equal(1, detail.GetProperty("replies").GetArrayLength());
    }

    [Fact]
    public async Task A_reply_needs_text_or_a_filled_template()
    {
        var id = Guid.NewGuid();

        var none = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{id}/replies", new { }, HttpStatusCode.BadRequest);
        var unfilled = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{id}/replies", new { template = "rumour-not-true" }, HttpStatusCode.BadRequest);
        var unknown = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{id}/replies", new { template = "thoughts-and-prayers" }, HttpStatusCode.BadRequest);

        Assert.Contains("text", none.AssertProblem("validation", 400).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("fill in: fact, link", unfilled.AssertProblem("validation", 400).Text("detail"), StringComparison.Ordinal);
        Assert.Contains("not a triage template", unknown.AssertProblem("validation", 400).Text("detail"), StringComparison.Ordinal);
        var templates = await Host.Client.GetJsonAsync("/api/v1/triage/templates");
        Assert.Contains("call-999", templates.EnumerateArray().Select(t => t.Text("key")));
    }

    [Fact]
    public async Task An_acknowledged_page_shows_on_the_item()
    {
        var mention = Mentions.Of("my neighbour is not breathing, flood water in the house");
        await Host.Harness.Bus.Publish(mention);
        var itemId = (await PublishedAsync<LifeSafetyDetected>(m => m.MentionId == mention.MentionId)).ItemId;

        await Host.Harness.Bus.Publish(new PageAcknowledged(Guid.NewGuid(), Guid.NewGuid(), "life-safety", itemId, null, "sam.duty", "pagerduty", DateTimeOffset.UtcNow));

        var item = await ItemWhenAsync(itemId, i => i.TryGetProperty("acknowledged", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Object);
        Assert.Equal("sam.duty", item.GetProperty("acknowledged").Text("by"));
        Assert.Equal("pagerduty", item.GetProperty("acknowledged").Text("via"));
    }

    [Fact]
    public async Task Only_the_claimant_acts_on_a_claimed_item_and_bulk_reports_each_item()
    {
        var incident = Guid.NewGuid();
        var a = Mentions.Of("Is Station Road closed?", incident);
        var b = Mentions.Of("Will the bins be collected on Friday?", incident);
        await Host.Harness.Bus.Publish(a);
        await Host.Harness.Bus.Publish(b);
        var itemA = (await PublishedAsync<ResponseNeeded>(m => m.MentionId == a.MentionId)).ItemId;
        var itemB = (await PublishedAsync<ResponseNeeded>(m => m.MentionId == b.MentionId)).ItemId;
        using var alex = Host.ClientAs("alex", Roles.Officer);
        using var sam = Host.ClientAs("sam", Roles.Officer);

        await alex.PostJsonAsync($"/api/v1/triage/items/{itemA}/claim", new { }, HttpStatusCode.OK);
        var refused = await sam.PostJsonAsync($"/api/v1/triage/items/{itemA}/resolve", new { outcome = "no action" }, HttpStatusCode.Conflict);
        var bulk = await sam.PostJsonAsync("/api/v1/triage/items/bulk", new { action = "resolve", outcome = "no action", itemIds = new[] { itemA, itemB, Guid.Empty } }, HttpStatusCode.OK);

        refused.AssertProblem("item-claimed", 409);
        Assert.Equal(1, bulk.GetProperty("done").GetInt32());
        var results = bulk.GetProperty("results").EnumerateArray().ToDictionary(r => r.Id("itemId"));
        Assert.Equal("item-claimed", results[itemA].Text("problem"));
        Assert.True(results[itemB].GetProperty("done").GetBoolean());
        Assert.Equal("not-found", results[Guid.Empty].Text("problem"));
    }

    [Fact]
    public async Task Critical_items_cannot_be_snoozed_and_bad_requests_get_problems()
    {
        var mention = Mentions.Of("we're trapped on the roof");
        await Host.Harness.Bus.Publish(mention);
        var itemId = (await PublishedAsync<LifeSafetyDetected>(m => m.MentionId == mention.MentionId)).ItemId;

        var snooze = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/snooze", new { minutes = 30 }, HttpStatusCode.Conflict);
        var outcome = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/resolve", new { outcome = "ignored it" }, HttpStatusCode.BadRequest);
        var bulk = await Host.Client.PostJsonAsync("/api/v1/triage/items/bulk", new { action = "delete", itemIds = Array.Empty<Guid>() }, HttpStatusCode.BadRequest);
        var status = await Host.Client.GetJsonAsync("/api/v1/triage/items?status=everything", HttpStatusCode.BadRequest);
        using var anonymous = await Host.AnonymousClient.GetAsync(new Uri("/api/v1/triage/items", UriKind.Relative));

        snooze.AssertProblem("critical-not-snoozable", 409);
        outcome.AssertProblem("validation", 400);
        Assert.Equal(["action", "itemIds"], bulk.AssertProblem("validation", 400).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        status.AssertProblem("validation", 400);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<T> PublishedAsync<T>(Func<T, bool> match)
        where T : class
    {
        Assert.True(await Host.Harness.Published.Any<T>(m => match(m.Context.Message)), $"{typeof(T).Name} published");
        return Host.Harness.Published.Select<T>(m => match(m.Context.Message)).First().Context.Message;
    }

    private Task<System.Text.Json.JsonElement> ItemWhenAsync(Guid itemId, Func<System.Text.Json.JsonElement, bool> done) =>
        Eventually.GetAsync(
            async () => (await Host.Client.GetJsonAsync($"/api/v1/triage/items/{itemId}")).GetProperty("item"),
            done,
            Patience,
            $"item {itemId}");
}
