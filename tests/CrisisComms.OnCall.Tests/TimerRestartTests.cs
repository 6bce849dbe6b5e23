using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>
/// Escalation timers on the real servers, with on-call as its own process as in production: a level's
/// timer set before the process is killed fires after it, once, with two new replicas running.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class TimerRestartTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_level_timer_set_before_the_process_is_killed_fires_once_across_two_new_replicas()
    {
        await using var infrastructure = await servers.IsolateAsync("oncall-timers");
        // The web service in this process: a bus to publish the trigger on, and the shared key ring for a token.
        await using var web = await ServiceHost.StartAsync(o =>
        {
            o.Infrastructure = infrastructure;
            o.Services.Add("web");
        });
        var token = web.Get<ApiTokens>().Issue(new TokenSubject("tester", "Tester", [Roles.Admin, Roles.Officer]), TimeSpan.FromHours(1));
        var item = Guid.NewGuid();

        Guid escalation;
        await using (var first = await ServerProcess.StartAsync("oncall", infrastructure))
        {
            using var client = first.CreateClient(token);
            var ann = await client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
            var ben = await client.PersonAsync("Ben Backup", OnCallApi.Sandbox());
            await client.PolicyAsync("sla-breached", 0, ([OnCallApi.Person(ann)], 15), ([OnCallApi.Person(ben)], 600));
            await web.Get<IBus>().Publish(new SlaBreached(item, null, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
            var started = await Eventually.GetAsync(async () => (await client.GetJsonAsync($"/api/v1/oncall/escalations?subjectId={item}")).EnumerateArray().ToList(),
                e => e.Count == 1 && e[0].Text("waitingOn") == "Ann Duty", Patience, "level 1 paged");
            escalation = started[0].Id();
            first.Kill();
        }

        // Two replicas start after the first died; the level-1 timer (fifteen seconds) is in the shared Quartz store.
        var starting = new[] { ServerProcess.StartAsync("oncall", infrastructure), ServerProcess.StartAsync("oncall", infrastructure) };
        await using var second = await starting[0];
        await using var third = await starting[1];
        using var secondClient = second.CreateClient(token);

        var detail = await Eventually.GetAsync(() => secondClient.EscalationDetailAsync(escalation),
            d => d.GetProperty("pages").GetArrayLength() >= 2 && d.GetProperty("pages").EnumerateArray().All(p => p.Text("status") == "sent"), Patience, "level 2 paged after the restart");
        var kinds = detail.GetProperty("steps").EnumerateArray().Select(s => s.Text("kind")).ToList();
        Assert.Equal(1, kinds.Count(k => k == "escalated"));
        Assert.Equal(["Ann Duty", "Ben Backup"], detail.GetProperty("pages").EnumerateArray().Select(p => p.Text("recipient")));
        Assert.Equal("Ben Backup", detail.GetProperty("escalation").Text("waitingOn"));
    }
}
