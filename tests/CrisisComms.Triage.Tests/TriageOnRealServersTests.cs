using System.Net;
using System.Text.Json;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;
using MassTransit.Testing;
using Npgsql;
using Xunit;

namespace CrisisComms.Triage.Tests;

/// <summary>The queue's flows on RabbitMQ, PostgreSQL and Redis, the bus observed through the test harness.</summary>
[Collection(RealServersCollection.Name)]
public sealed class TriageOnRealServersTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_claim_lapses_when_the_officer_goes_quiet()
    {
        await using var run = await StartAsync("claim", ("CrisisComms:Triage:ClaimLease", "00:00:02"));
        var mention = Mentions.Of("Is the A396 open at Bickleigh?", Guid.NewGuid());
        await run.Host.Harness.Bus.Publish(mention);
        var itemId = (await run.PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId)).ItemId;
        using var alex = run.Host.ClientAs("alex", Roles.Officer);
        using var sam = run.Host.ClientAs("sam", Roles.Officer);

        var claimed = await alex.PostJsonAsync($"/api/v1/triage/items/{itemId}/claim", new { }, HttpStatusCode.OK);
        var refused = await sam.PostJsonAsync($"/api/v1/triage/items/{itemId}/claim", new { }, HttpStatusCode.Conflict);
        var taken = await Eventually.GetAsync(
            async () =>
            {
                using var response = await sam.PostAsync(new Uri($"/api/v1/triage/items/{itemId}/claim", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { }));
                return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
            },
            r => r.StatusCode == HttpStatusCode.OK,
            Patience,
            "the lapsed claim taken over");

        Assert.Equal("alex", claimed.Text("claimedBy"));
        Assert.Equal("Claimed", claimed.Text("status"));
        Assert.Contains("alex", refused.AssertProblem("item-claimed", 409).Text("detail"), StringComparison.Ordinal);
        Assert.Equal("sam", taken.Item2.Text("claimedBy"));
    }

    [Fact]
    public async Task Bulk_assign_and_snooze_and_the_snoozed_items_come_back()
    {
        await using var run = await StartAsync("bulk");
        var incident = Guid.NewGuid();
        var ids = new List<Guid>();
        foreach (var text in new[] { "Are schools in Crediton open tomorrow?", "Where do I report a blocked drain on Mill Lane?", "Can I still put my bins out on Thursday?" })
        {
            var mention = Mentions.Of(text, incident);
            await run.Host.Harness.Bus.Publish(mention);
            ids.Add((await run.PublishedAsync<ResponseNeeded>(m => m.MentionId == mention.MentionId)).ItemId);
        }

        var assigned = await run.Host.Client.PostJsonAsync("/api/v1/triage/items/bulk", new { action = "assign", assignee = "sam", itemIds = ids }, HttpStatusCode.OK);
        var until = DateTimeOffset.UtcNow.AddSeconds(8);
        var snoozed = await run.Host.Client.PostJsonAsync("/api/v1/triage/items/bulk", new { action = "snooze", until, itemIds = ids.Take(2) }, HttpStatusCode.OK);
        var queueWhileSnoozed = await run.Host.Client.GetJsonAsync($"/api/v1/triage/items?incidentId={incident}");
        var mine = await run.Host.Client.GetJsonAsync($"/api/v1/triage/items?incidentId={incident}&status=snoozed&assignedTo=sam");
        var woken = await Eventually.GetAsync(
            () => run.Host.Client.GetJsonAsync($"/api/v1/triage/items?incidentId={incident}"),
            q => q.GetArrayLength() == 3,
            Patience,
            "the snoozed items back in the queue");

        Assert.Equal(3, assigned.GetProperty("done").GetInt32());
        Assert.Equal(2, snoozed.GetProperty("done").GetInt32());
        Assert.Equal([ids[2]], queueWhileSnoozed.EnumerateArray().Select(i => i.Id()));
        Assert.True(mine.GetArrayLength() == 2, mine.ToString());
        Assert.All(woken.EnumerateArray(), i => Assert.Equal("sam", i.Text("assignedTo")));
        // Snoozing gave the two a full response window after waking (questions under the incident's hashtag: High, 15 minutes).
        Assert.All(woken.EnumerateArray().Where(i => i.Id() != ids[2]), i => Assert.Equal("High", i.Text("priority")));
        Assert.All(woken.EnumerateArray().Where(i => i.Id() != ids[2]), i => Assert.True(i.GetProperty("deadline").GetDateTimeOffset() > until.AddMinutes(14.9)));
        Assert.Equal(2, run.Host.Harness.Published.Select<TriageItemUpdated>(m => ids.Take(2).Contains(m.Context.Message.ItemId) && m.Context.Message.Status == "Snoozed").Count());
    }

    [Fact]
    public async Task Someone_in_danger_pages_at_once_and_a_missed_deadline_breaches_once()
    {
        await using var run = await StartAsync("breach", ("CrisisComms:Triage:CriticalDeadline", "00:00:02"));
        var mention = Mentions.Of("HELP my mum is trapped downstairs and the water is rising", Guid.NewGuid(), kind: "Sms", channel: "sms");

        await run.Host.Harness.Bus.Publish(mention);

        var alarm = await run.PublishedAsync<LifeSafetyDetected>(m => m.MentionId == mention.MentionId);
        var breach = await run.PublishedAsync<SlaBreached>(m => m.ItemId == alarm.ItemId);
        var consumed = ConsumeCounter.On(run.Host.Harness.Bus);
        await run.Host.Harness.Bus.Publish(new CheckResponseDeadline(alarm.ItemId));
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<CheckResponseDeadline>() >= 1), Patience, "the extra check consumed");
        await using var connection = new NpgsqlConnection(run.Infrastructure.Postgres);
        await connection.OpenAsync();
        await using var outbox = new NpgsqlCommand("SELECT count(*) FROM triage.outbox_messages WHERE message_type LIKE '%SlaBreached%'", connection);
        await using var pages = new NpgsqlCommand("SELECT count(*) FROM triage.outbox_messages WHERE message_type LIKE '%LifeSafetyDetected%'", connection);

        Assert.Equal("sms", alarm.Channel);
        Assert.Contains("life-safety words: trapped, water is rising", alarm.Reasons);
        Assert.Equal("Critical", breach.Priority);
        Assert.Equal(1L, await outbox.ExecuteScalarAsync());
        Assert.Equal(1L, await pages.ExecuteScalarAsync());
        var item = (await run.Host.Client.GetJsonAsync($"/api/v1/triage/items/{alarm.ItemId}")).GetProperty("item");
        Assert.NotEqual(JsonValueKind.Null, item.GetProperty("breachedAt").ValueKind);

        await run.Host.Harness.Bus.Publish(new PageAcknowledged(Guid.NewGuid(), Guid.NewGuid(), "sla-breached", alarm.ItemId, mention.IncidentId, "jo.oncall", "opsgenie", DateTimeOffset.UtcNow));
        var acknowledged = await Eventually.GetAsync(
            async () => (await run.Host.Client.GetJsonAsync($"/api/v1/triage/items/{alarm.ItemId}")).GetProperty("item"),
            i => i.GetProperty("acknowledged").ValueKind == JsonValueKind.Object,
            Patience,
            "the acknowledgement shown");
        Assert.Equal("jo.oncall", acknowledged.GetProperty("acknowledged").Text("by"));
    }

    [Fact]
    public async Task One_reply_serves_the_whole_cluster_and_each_outcome_shows()
    {
        await using var run = await StartAsync("reply");
        var incident = Guid.NewGuid();
        var question = "Is it true the Exe bridge at Cowley has collapsed?";
        var first = Mentions.Of(question, incident);
        await run.Host.Harness.Bus.Publish(first);
        var itemId = (await run.PublishedAsync<ResponseNeeded>(m => m.MentionId == first.MentionId)).ItemId;
        var copies = new[] { Mentions.Of("is it true the exe bridge at cowley has collapsed??", incident, channel: "facebook", kind: "Comment"), Mentions.Of(question + " https://t.co/x", incident) };
        foreach (var copy in copies)
        {
            await run.Host.Harness.Bus.Publish(copy);
        }

        await Eventually.GetAsync(
            async () => (await run.Host.Client.GetJsonAsync($"/api/v1/triage/items/{itemId}")).GetProperty("item").GetProperty("clusterSize").GetInt32(),
            size => size == 3,
            Patience,
            "the copies clustered");

        var accepted = await run.Host.Client.PostJsonAsync(
            $"/api/v1/triage/items/{itemId}/replies",
            new { template = "rumour-not-true", values = new Dictionary<string, string> { ["fact"] = "the Cowley bridge is open and was inspected this morning", ["link"] = "https://devon.example/roads" }, audience = "all" },
            HttpStatusCode.Accepted);
        var requests = await Eventually.GetAsync(
            () => Task.FromResult(run.Host.Harness.Published.Select<ReplyRequested>(m => m.Context.Message.ItemId == itemId).Select(m => m.Context.Message).ToList()),
            r => r.Count == 3,
            Patience,
            "a reply to each voice");

        Assert.Equal(3, accepted.GetProperty("replyIds").GetArrayLength());
        Assert.Equal(["facebook", "x", "x"], requests.Select(r => r.Channel).Order());
        Assert.All(requests, r => Assert.StartsWith("This is not true: the Cowley bridge is open", r.Text, StringComparison.Ordinal));
        Assert.Contains(requests, r => r.InReplyToNativeId == copies[0].NativeId && r.Recipient == copies[0].AuthorId);

        await run.Host.Harness.Bus.Publish(new ReplyFailed(requests[0].ReplyId, itemId, requests[0].Channel, "rate limited: try after 12:05", DateTimeOffset.UtcNow));
        var failed = await run.ItemWhenAsync(itemId, i => i.GetProperty("reply").Text("status") == "Failed");
        foreach (var request in requests.Skip(1))
        {
            await run.Host.Harness.Bus.Publish(new ReplySent(request.ReplyId, itemId, request.Channel, "p1", null, DateTimeOffset.UtcNow));
        }

        var resolved = await run.ItemWhenAsync(itemId, i => i.Text("status") == "Resolved" && i.GetProperty("reply").Text("detail").Contains("2 sent", StringComparison.Ordinal));
        Assert.Contains("rate limited", failed.GetProperty("reply").Text("detail"), StringComparison.Ordinal);
        Assert.Equal("replied", resolved.Text("outcome"));
        Assert.Equal("Failed", resolved.GetProperty("reply").Text("status"));
        // The one that failed can be answered again; the others are not answered twice.
        var retry = await run.Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/replies", new { text = "The Cowley bridge is open.", audience = "all" }, HttpStatusCode.Accepted);
        Assert.Equal(1, retry.GetProperty("replyIds").GetArrayLength());
    }

    [Fact]
    public async Task Copies_arriving_at_two_replicas_at_once_form_one_cluster_and_each_message_counts_once()
    {
        await using var run = await StartAsync("replicas");
        // A second triage replica on the same queue, database and Redis: the two take turns at the copies.
        await using var second = await ServiceHost.StartAsync(o =>
        {
            o.Infrastructure = run.Infrastructure;
            o.Services.Add("triage");
        });
        var incident = Guid.NewGuid();
        var copies = Enumerable.Range(0, 40)
            .Select(i => Mentions.Of($"RT @voice{i}: The Exe is over the wall at Tiverton and the school field is under water", incident, kind: "Post", repost: i > 0))
            .ToList();
        var firstMessage = Guid.NewGuid();

        await Task.WhenAll(copies.Select((m, i) => i == 0 ? run.Host.Harness.Bus.Publish(m, c => c.MessageId = firstMessage) : run.Host.Harness.Bus.Publish(m)));
        // A redelivery (the same message id) and a replay (the same mention, a new message id): neither counts twice.
        await run.Host.Harness.Bus.Publish(copies[0], c => c.MessageId = firstMessage);
        await run.Host.Harness.Bus.Publish(copies[1]);

        var items = await Eventually.GetAsync(
            async () => (await run.Host.Client.GetJsonAsync($"/api/v1/triage/items?status=all&incidentId={incident}")).EnumerateArray().ToList(),
            i => i.Sum(x => x.GetProperty("clusterSize").GetInt32()) >= copies.Count,
            Patience,
            "every copy judged");
        var item = Assert.Single(items);
        Assert.Equal(copies.Count, item.GetProperty("clusterSize").GetInt32());
        var detail = await second.Client.GetJsonAsync($"/api/v1/triage/items/{item.Id()}");
        Assert.Equal(copies.Select(c => c.MentionId).Order(), detail.GetProperty("mentions").EnumerateArray().Select(m => m.Id("mentionId")).Order());
        Assert.Contains(item.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains($"{copies.Count} similar in 10 min", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Odd_mentions_are_all_kept_and_listed()
    {
        await using var run = await StartAsync("odd");
        var incident = Guid.NewGuid();
        var texts = new[]
        {
            string.Empty, "🌊🌊🌊🆘", "nul\0inside\0", "lone \ud800 half", "מים עולים, אנחנו לכודים", "الماء يرتفع", "混合 script Вода rising",
            new string('x', 150_000), "\u202e\u200f reversed", "\u0001\u0002\u0003\u0004",
        };
        foreach (var text in texts)
        {
            await run.Host.Harness.Bus.Publish(Mentions.Of(text, incident, kind: "Post") with { Author = text.Length > 300 ? text[..300] : text });
        }

        var all = await Eventually.GetAsync(
            async () => (await run.Host.Client.GetJsonAsync($"/api/v1/triage/items?status=all&incidentId={incident}")).EnumerateArray().ToList(),
            items => items.Sum(i => i.GetProperty("clusterSize").GetInt32()) == texts.Length,
            Patience,
            "every odd mention kept");

        Assert.All(all, i => Assert.NotEmpty(i.GetProperty("reasons").EnumerateArray()));
        Assert.Contains(all, i => i.Text("text").Length == 20_000);
        Assert.Contains(all, i => i.Text("text") == "nul\uFFFDinside\uFFFD");
        Assert.Contains(all, i => i.Text("priority") == "Critical" && i.Text("text").Contains("לכודים", StringComparison.Ordinal));
        Assert.Empty(run.Host.Harness.Published.Select<MassTransit.Fault<MentionReceived>>());
    }

    private async Task<Run> StartAsync(string label, params (string Key, string Value)[] settings)
    {
        var infrastructure = await servers.IsolateAsync(label);
        try
        {
            var host = await ServiceHost.StartAsync(o =>
            {
                o.Infrastructure = infrastructure;
                o.BusTestHarness = true;
                o.Services.Add("triage");
                foreach (var (key, value) in settings)
                {
                    o.Settings[key] = value;
                }
            });
            return new Run(host, infrastructure);
        }
        catch
        {
            await infrastructure.DisposeAsync();
            throw;
        }
    }

    private sealed class Run(ServiceHost host, Isolated infrastructure) : IAsyncDisposable
    {
        public ServiceHost Host { get; } = host;

        public Isolated Infrastructure { get; } = infrastructure;

        public async Task<T> PublishedAsync<T>(Func<T, bool> match)
            where T : class
        {
            Assert.True(await Host.Harness.Published.Any<T>(m => match(m.Context.Message)), $"{typeof(T).Name} published");
            return Host.Harness.Published.Select<T>(m => match(m.Context.Message)).First().Context.Message;
        }

        public Task<JsonElement> ItemWhenAsync(Guid itemId, Func<JsonElement, bool> done) =>
            Eventually.GetAsync(
                async () => (await Host.Client.GetJsonAsync($"/api/v1/triage/items/{itemId}")).GetProperty("item"),
                done,
                Patience,
                $"item {itemId}");

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            await Infrastructure.DisposeAsync();
        }
    }
}
