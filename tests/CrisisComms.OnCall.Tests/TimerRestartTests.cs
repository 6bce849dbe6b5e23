using CrisisComms.Contracts.Triage;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using MassTransit;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>Escalation timers on the real servers: they survive the process stopping and fire once across replicas.</summary>
[Collection(RealServersCollection.Name)]
public sealed class TimerRestartTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_level_timer_set_before_a_restart_fires_once_across_two_new_replicas()
    {
        await using var infrastructure = await servers.IsolateAsync("oncall-timers");
        var item = Guid.NewGuid();
        Guid escalation;
        await using (var first = await StartAsync(infrastructure))
        {
            var ann = await first.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
            var ben = await first.Client.PersonAsync("Ben Backup", OnCallApi.Sandbox());
            await first.Client.PolicyAsync("sla-breached", 0, ([OnCallApi.Person(ann)], 6), ([OnCallApi.Person(ben)], 600));
            await first.Get<IBus>().Publish(new SlaBreached(item, null, "Critical", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
            var started = await Eventually.GetAsync(async () => (await first.Client.GetJsonAsync($"/api/v1/oncall/escalations?subjectId={item}")).EnumerateArray().ToList(),
                e => e.Count == 1 && e[0].Text("waitingOn") == "Ann Duty", Patience, "level 1 paged");
            escalation = started[0].Id();
        }

        // Both replicas start after the first stopped; the timer was due six seconds after level 1.
        var starting = new[] { StartAsync(infrastructure), StartAsync(infrastructure) };
        await using var second = await starting[0];
        await using var third = await starting[1];

        var detail = await Eventually.GetAsync(() => second.Client.EscalationDetailAsync(escalation),
            d => d.GetProperty("pages").GetArrayLength() >= 2 && d.GetProperty("pages").EnumerateArray().All(p => p.Text("status") == "sent"), Patience, "level 2 paged after the restart");
        var kinds = detail.GetProperty("steps").EnumerateArray().Select(s => s.Text("kind")).ToList();
        Assert.Equal(1, kinds.Count(k => k == "escalated"));
        Assert.Equal(["Ann Duty", "Ben Backup"], detail.GetProperty("pages").EnumerateArray().Select(p => p.Text("recipient")));
        Assert.Equal("Ben Backup", detail.GetProperty("escalation").Text("waitingOn"));
    }

    private static Task<ServiceHost> StartAsync(Isolated infrastructure) => ServiceHost.StartAsync(o =>
    {
        o.Infrastructure = infrastructure;
        o.Services.Add("oncall");
    });
}
