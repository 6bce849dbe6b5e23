using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Triage;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>An escalation run through its levels with a controllable clock, which the real Quartz scheduler also runs on.</summary>
public sealed class EscalationTests : HostedTest
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override void Configure(ServiceHostOptions options) =>
        options.ConfigureServices = services => services.AddSingleton<TimeProvider>(_clock);

    [Fact]
    public async Task An_unacknowledged_page_escalates_to_the_next_level_at_its_timeout_and_an_acknowledgement_stops_it()
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        var ben = await Host.Client.PersonAsync("Ben Backup", OnCallApi.Sandbox());
        var rota = await Host.Client.RotaAsync(_clock.GetUtcNow(), ("Duty officer", "weekly", [ann]), ("Back-up", "daily", [ben]));
        await Host.Client.PolicyAsync("sla-breached", 0, ([OnCallApi.Rota(rota, 0)], 300), ([OnCallApi.Rota(rota, 1)], 300));
        var item = Guid.NewGuid();
        var consumed = ConsumeCounter.On(Host.Harness.Bus);

        // Ten breaches of one item: one escalation, one page.
        for (var i = 0; i < 10; i++)
        {
            await Host.Harness.Bus.Publish(new SlaBreached(item, null, "Critical", _clock.GetUtcNow().AddMinutes(-1), _clock.GetUtcNow()));
        }

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<SlaBreached>() >= 10), Patience, "ten breaches consumed");
        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item && m.Context.Message.Recipient == "Ann Duty"));
        var escalation = await Eventually.GetAsync(() => Host.Client.EscalationOfAsync(item), e => e.GetProperty("triggerCount").GetInt32() == 10, Patience, "ten triggers on one escalation");
        var id = escalation.Id();
        Assert.Equal(1, escalation.GetProperty("level").GetInt32());
        Assert.Equal("Ann Duty", escalation.Text("waitingOn"));

        // The level-1 timer is a Quartz job due at the timeout.
        var scheduler = await Host.Get<ISchedulerFactory>().GetScheduler();
        var trigger = await Eventually.GetAsync<ITrigger?>(async () => await scheduler.GetTrigger(new TriggerKey(OnCallApi.TimerOf(id, 1).Name, OnCallApi.TimerOf(id, 1).Group)), t => t is not null, Patience, "level-1 timer scheduled");
        Assert.Equal(escalation.GetProperty("startedAt").GetDateTimeOffset().AddSeconds(300), trigger!.NextFireTimeUtc!.Value, TimeSpan.FromSeconds(1));

        // Quartz runs on the same clock: moving it to the timeout fires the job.
        _clock.Advance(TimeSpan.FromSeconds(300));

        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item && m.Context.Message.Recipient == "Ben Backup"));
        var escalated = await Eventually.GetAsync(() => Host.Client.EscalationOfAsync(item), e => e.GetProperty("level").GetInt32() == 2, Patience, "level 2");
        Assert.Equal("Ben Backup", escalated.Text("waitingOn"));

        var acknowledged = await Host.Client.PostJsonAsync($"/api/v1/oncall/escalations/{id}/acknowledge", new { by = "Ben Backup" }, System.Net.HttpStatusCode.OK);
        Assert.Equal("Acknowledged", acknowledged.Text("status"));
        Assert.True(await Host.Harness.Published.Any<PageAcknowledged>(m => m.Context.Message.EscalationId == id && m.Context.Message.AcknowledgedBy == "Ben Backup" && m.Context.Message.Via == "console"));
        Assert.True(await Host.Harness.Published.Any<EscalationUpdated>(m => m.Context.Message.EscalationId == id && m.Context.Message.Status == "Acknowledged"));

        // The level-2 timer firing after the acknowledgement changes nothing.
        var levelTwoTimer = await Eventually.GetAsync<ITrigger?>(async () => await scheduler.GetTrigger(new TriggerKey(OnCallApi.TimerOf(id, 2).Name, OnCallApi.TimerOf(id, 2).Group)), t => t is not null, Patience, "level-2 timer scheduled");
        Assert.Equal(escalation.GetProperty("startedAt").GetDateTimeOffset().AddSeconds(600), levelTwoTimer!.NextFireTimeUtc!.Value, TimeSpan.FromSeconds(1));
        var due = consumed.Of<EscalationStepDue>();
        _clock.Advance(TimeSpan.FromSeconds(300));
        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<EscalationStepDue>() > due), Patience, "late timer consumed");

        var detail = await Host.Client.EscalationDetailAsync(id);
        Assert.Equal("Acknowledged", detail.GetProperty("escalation").Text("status"));
        var kinds = detail.GetProperty("steps").EnumerateArray().Select(s => s.Text("kind")).ToList();
        Assert.Equal(["started", "paged", "escalated", "paged", "acknowledged"], kinds.Where(k => k != "retriggered"));
        Assert.Equal(9, kinds.Count(k => k == "retriggered"));
        Assert.Equal(2, detail.GetProperty("pages").GetArrayLength());
        Assert.All(detail.GetProperty("steps").EnumerateArray(), s => Assert.NotEqual(default, s.GetProperty("at").GetDateTimeOffset()));
    }

    [Fact]
    public async Task A_group_level_pages_everyone_in_it_repeats_as_the_policy_says_and_then_is_exhausted()
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        var ben = await Host.Client.PersonAsync("Ben Backup", OnCallApi.Sandbox());
        var group = (await Host.Client.PostJsonAsync("/api/v1/oncall/groups", new { name = "Heads of comms", members = new[] { ann, ben } })).Id();
        await Host.Client.PolicyAsync("source-stale", 1, ([new { kind = "group", id = group }], 60));
        var source = "x-mentions";

        await Host.Harness.Bus.Publish(new Contracts.Monitoring.SourceStale(source, "x", _clock.GetUtcNow().AddMinutes(-20), TimeSpan.FromMinutes(10), "401 Unauthorized", _clock.GetUtcNow()));
        var escalation = await Eventually.GetAsync(async () => (await Host.Client.GetJsonAsync("/api/v1/oncall/escalations?status=Open")).EnumerateArray().ToList(), e => e.Count == 1, Patience, "escalation started");
        var id = escalation[0].Id();
        Assert.Equal("source:x-mentions", escalation[0].Text("subject"));
        await Eventually.TrueAsync(async () => (await Host.Client.EscalationDetailAsync(id)).GetProperty("pages").GetArrayLength() == 2, Patience, "both paged");

        _clock.Advance(TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => (await Host.Client.EscalationDetailAsync(id)).GetProperty("pages").GetArrayLength() == 4, Patience, "repeated");
        _clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(await Host.Harness.Published.Any<EscalationUpdated>(m => m.Context.Message.EscalationId == id && m.Context.Message.Status == "Exhausted"));
        var detail = await Host.Client.EscalationDetailAsync(id);
        Assert.Equal(["started", "paged", "escalated", "repeated", "paged", "escalated", "exhausted"], detail.GetProperty("steps").EnumerateArray().Select(s => s.Text("kind")));
        Assert.Equal(["Ann Duty", "Ben Backup", "Ann Duty", "Ben Backup"], detail.GetProperty("pages").EnumerateArray().Select(p => p.Text("recipient")));

        // The source coming back resolves it.
        await Host.Harness.Bus.Publish(new Contracts.Monitoring.SourceRecovered(source, "x", _clock.GetUtcNow()));
        await Eventually.GetAsync(() => Host.Client.EscalationDetailAsync(id), d => d.GetProperty("escalation").Text("status") == "Resolved", Patience, "resolved on recovery");
    }

    [Theory]
    [InlineData("approval-stalled")]
    [InlineData("volume-spike")]
    [InlineData("channel-paused")]
    public async Task Each_trigger_starts_the_policy_routed_to_it_and_pages_its_first_level(string trigger)
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        await Host.Client.PolicyAsync(trigger, 0, ([OnCallApi.Person(ann)], 300));
        var now = _clock.GetUtcNow();
        var draft = Guid.NewGuid();
        var incident = Guid.NewGuid();
        (object message, string subject, string severity) = trigger switch
        {
            "approval-stalled" => ((object)new Contracts.Drafting.ApprovalStalled(draft, incident, "Rest centre open at Ward Hall", "Olu", now.AddMinutes(-20), TimeSpan.FromMinutes(15), now), draft.ToString(), "warning"),
            "volume-spike" => (new Contracts.Monitoring.VolumeSpike(incident, "x:#flood", 900, 60, 15, now), "volume:x:#flood", "warning"),
            _ => (new Contracts.Publishing.ChannelPaused("facebook", "5 failures in a row", true, "500 Internal Server Error", now), "channel:facebook", "error"),
        };

        await Host.Harness.Bus.Publish(message, message.GetType());

        var escalation = await Eventually.GetAsync(async () => (await Host.Client.GetJsonAsync("/api/v1/oncall/escalations?status=Open")).EnumerateArray().ToList(), e => e.Count == 1, Patience, "escalation started");
        Assert.Equal(trigger, escalation[0].Text("reason"));
        Assert.Equal(subject, escalation[0].Text("subject"));
        Assert.Equal(severity, escalation[0].Text("severity"));
        Assert.Equal($"Policy for {trigger}", escalation[0].Text("policy"));
        var detail = await Eventually.GetAsync(() => Host.Client.EscalationDetailAsync(escalation[0].Id()), d => d.GetProperty("pages").GetArrayLength() == 1, Patience, "first level paged");
        Assert.Equal("Ann Duty", detail.GetProperty("pages")[0].Text("recipient"));
    }

    [Fact]
    public async Task A_paused_channel_taking_posts_again_resolves_the_escalation_its_pause_started()
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        await Host.Client.PolicyAsync("channel-paused", 0, ([OnCallApi.Person(ann)], 300));
        await Host.Harness.Bus.Publish(new Contracts.Publishing.ChannelPaused("x", "kill switch: 401 from X", true, "401 Unauthorized", _clock.GetUtcNow()));
        var escalation = await Eventually.GetAsync(async () => (await Host.Client.GetJsonAsync("/api/v1/oncall/escalations?status=Open")).EnumerateArray().ToList(), e => e.Count == 1, Patience, "escalation started");

        await Host.Harness.Bus.Publish(new Contracts.Publishing.ChannelResumed("x", "Olu Officer", _clock.GetUtcNow()));

        var resolved = await Eventually.GetAsync(() => Host.Client.EscalationDetailAsync(escalation[0].Id()), d => d.GetProperty("escalation").Text("status") == "Resolved", Patience, "resolved on resume");
        Assert.Equal("Olu Officer", resolved.GetProperty("escalation").Text("resolvedBy"));
    }

    [Fact]
    public async Task A_life_safety_mention_pages_at_once_at_critical_severity_and_the_item_being_answered_resolves_it()
    {
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        await Host.Client.PolicyAsync("life-safety", 0, ([OnCallApi.Person(ann)], 60));
        var item = Guid.NewGuid();

        await Host.Harness.Bus.Publish(new LifeSafetyDetected(item, Guid.NewGuid(), null, "x", "We're trapped upstairs, water rising", ["trapped"], _clock.GetUtcNow()));

        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == item && m.Context.Message.Reason == "life-safety"));
        var escalation = await Host.Client.EscalationOfAsync(item);
        Assert.Equal("critical", escalation.Text("severity"));
        var sandbox = Assert.Single(await Host.Client.DeliveriesAsync());
        Assert.Contains("/api/v1/oncall/ack/", sandbox.Text("sandboxText"), StringComparison.Ordinal);

        await Host.Harness.Bus.Publish(new TriageItemUpdated(item, null, "x", "Resolved", "NeedsResponse", "Critical", "trapped", 1, [], "Olu", "replied", _clock.GetUtcNow(), _clock.GetUtcNow()));

        await Eventually.GetAsync(() => Host.Client.EscalationOfAsync(item), e => e.Text("status") == "Resolved", Patience, "resolved when the item is");
    }

    [Fact]
    public async Task With_no_policy_and_nobody_by_the_fallback_name_the_undeliverable_page_is_itself_an_alert()
    {
        var item = Guid.NewGuid();

        await Host.Harness.Bus.Publish(new SlaBreached(item, null, "High", _clock.GetUtcNow(), _clock.GetUtcNow()));

        Assert.True(await Host.Harness.Published.Any<PageDeliveryFailed>(m => m.Context.Message.SubjectId == item));
        var escalation = await Host.Client.EscalationOfAsync(item);
        Assert.Equal("Exhausted", escalation.Text("status"));
    }
}
