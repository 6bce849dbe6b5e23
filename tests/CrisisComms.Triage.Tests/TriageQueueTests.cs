using System.Net;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.Triage;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Triage.Tests;

public sealed class TriageQueueTests : HostedTest
{
    protected override void Configure(ServiceHostOptions options)
    {
        options.Settings["CrisisComms:Triage:CriticalDeadline"] = "00:00:02";
        options.Settings["CrisisComms:Triage:HighDeadline"] = "00:00:02";
    }

    [Fact]
    public async Task A_question_is_queued_with_its_reasons_and_announced()
    {
        var mention = Mention("Is the A377 open? #DCCFlood", incident: Guid.NewGuid());

        await Host.Harness.Bus.Publish(mention);

        Assert.True(await Host.Harness.Published.Any<ResponseNeeded>(m => m.Context.Message.MentionId == mention.MentionId));
        var needed = Host.Harness.Published.Select<ResponseNeeded>(m => m.Context.Message.MentionId == mention.MentionId).Single().Context.Message;
        Assert.Equal("High", needed.Priority);
        Assert.Equal(["asks a question of us", "incident hashtag"], needed.Reasons);
        var item = await Host.Client.GetJsonAsync($"/api/v1/triage/items/{needed.ItemId}");
        Assert.Equal("Open", item.Text("status"));
    }

    [Fact]
    public async Task An_item_still_waiting_at_its_deadline_breaches_its_SLA_once()
    {
        var mention = Mention("We are trapped, water rising fast", incident: Guid.NewGuid());

        await Host.Harness.Bus.Publish(mention);

        Assert.True(await Host.Harness.Published.Any<ResponseNeeded>(m => m.Context.Message.MentionId == mention.MentionId));
        var itemId = Host.Harness.Published.Select<ResponseNeeded>(m => m.Context.Message.MentionId == mention.MentionId).Single().Context.Message.ItemId;
        await Eventually.TrueAsync(
            () => Task.FromResult(Host.Harness.Published.Select<SlaBreached>(m => m.Context.Message.ItemId == itemId).Any()),
            Patience,
            "SLA breached");
        var breach = Host.Harness.Published.Select<SlaBreached>(m => m.Context.Message.ItemId == itemId).Single().Context.Message;
        Assert.Equal("Critical", breach.Priority);
        Assert.Equal(mention.IncidentId, breach.IncidentId);
    }

    [Fact]
    public async Task An_item_resolved_before_its_deadline_does_not_breach()
    {
        var mention = Mention("Where is the nearest sandbag point?", incident: null);
        var consumed = ConsumeCounter.On(Host.Harness.Bus);
        await Host.Harness.Bus.Publish(mention);
        Assert.True(await Host.Harness.Published.Any<ResponseNeeded>(m => m.Context.Message.MentionId == mention.MentionId));
        var itemId = Host.Harness.Published.Select<ResponseNeeded>(m => m.Context.Message.MentionId == mention.MentionId).Single().Context.Message.ItemId;

        var resolved = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{itemId}/resolve", new { outcome = "replied" }, HttpStatusCode.OK);

        Assert.Equal("Resolved", resolved.Text("status"));
        // The scheduled check still fires (Medium: 1 h away, so ask it directly) and finds nothing to do.
        await Host.Harness.Bus.Publish(new CheckResponseDeadline(itemId));
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<CheckResponseDeadline>() == 1), Patience, "the check consumed");
        Assert.False(Host.Harness.Published.Select<SlaBreached>(m => m.Context.Message.ItemId == itemId).Any());
    }

    [Fact]
    public async Task The_queue_puts_the_critical_first()
    {
        var incident = Guid.NewGuid();
        var question = Mention("when do schools reopen?", incident);
        var danger = Mention("help us we are trapped", incident);
        await Host.Harness.Bus.Publish(question);
        await Host.Harness.Bus.Publish(danger);

        var queue = await Eventually.GetAsync(
            () => Host.Client.GetJsonAsync($"/api/v1/triage/items?incidentId={incident}"),
            q => q.GetArrayLength() == 2,
            Patience,
            "both queued");

        Assert.Equal(["Critical", "High"], queue.EnumerateArray().Select(i => i.Text("priority")));
    }

    [Fact]
    public async Task Resolving_needs_a_known_outcome()
    {
        var problem = await Host.Client.PostJsonAsync($"/api/v1/triage/items/{Guid.NewGuid()}/resolve", new { outcome = "ignored it" }, HttpStatusCode.BadRequest);

        problem.AssertProblem("validation", 400);
    }

    private static MentionReceived Mention(string text, Guid? incident) =>
        new(Guid.NewGuid(), "x", Random.Shared.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "@someone", text, DateTimeOffset.UtcNow, incident, incident is null ? null : "#DCCFlood");
}
