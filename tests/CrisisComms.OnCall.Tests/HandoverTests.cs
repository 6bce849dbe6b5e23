using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>Handover reminders and summaries to the incoming officer, by email through a real SMTP server, on the autumn clock change.</summary>
public sealed class HandoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    // 07:59 on Sunday 25 October 2026, the day the clocks go back: handover at 09:00 GMT (09:00 UTC).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 10, 25, 7, 59, 0, TimeSpan.Zero));
    private FakeSmtpServer _smtp = null!;
    private ServiceHost _host = null!;

    public async Task InitializeAsync()
    {
        _smtp = FakeSmtpServer.Start();
        _host = await ServiceHost.StartAsync(o =>
        {
            o.BusTestHarness = true;
            o.Settings["CrisisComms:OnCall:Smtp:Host"] = "127.0.0.1";
            o.Settings["CrisisComms:OnCall:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            o.Settings["CrisisComms:OnCall:Smtp:Security"] = "None";
            o.Settings["CrisisComms:OnCall:HandoverReminderLead"] = "01:00:00";
            o.Settings["CrisisComms:OnCall:HandoverCheckInterval"] = "01:00:00";
            o.ConfigureServices = services => services.AddSingleton<TimeProvider>(_clock);
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task The_incoming_officer_is_reminded_before_the_handover_and_sent_a_summary_at_it_once()
    {
        var client = _host.Client;
        var ann = await client.PersonAsync("Ann Duty", new { kind = "email", address = "ann@dcc.example" });
        var ben = await client.PersonAsync("Ben Backup", new { kind = "email", address = "ben@dcc.example" });
        await client.PostJsonAsync("/api/v1/oncall/rotas", new
        {
            name = "Comms duty rota",
            layers = new[] { new { name = "Duty officer", rotation = "daily", startDate = new DateOnly(2026, 10, 20), handoverTime = "09:00", members = new[] { ann, ben } } },
        });
        var incident = Guid.NewGuid();
        await _host.Harness.Bus.Publish(new IncidentUpdated(incident, "River Exe flooding", "#DCCFlood", "Major", "Open", ["Exeter"], null, new DateTimeOffset(2026, 10, 25, 10, 0, 0, TimeSpan.Zero), "olu", _clock.GetUtcNow()));
        await _host.Harness.Bus.Publish(new TriageItemUpdated(Guid.NewGuid(), incident, "x", "Open", "NeedsResponse", "Critical", "Trapped upstairs at 14 Riverside Walk", 1, [], null, null, _clock.GetUtcNow().AddMinutes(5), _clock.GetUtcNow()));

        // 08:30: an hour before is past, the handover is not: a reminder to Ben (shift 5 of Ann, Ben…).
        _clock.SetUtcNow(new DateTimeOffset(2026, 10, 25, 8, 30, 0, TimeSpan.Zero));
        await _host.Harness.Bus.Publish(new CheckHandovers("test"));
        var reminder = await Eventually.GetAsync(() => Task.FromResult(_smtp.Received.ToList()), r => r.Count >= 1, Patience, "reminder emailed");
        Assert.Equal(["ben@dcc.example"], reminder[0].Recipients);
        Assert.Contains("09:00", reminder[0].Message.Subject, StringComparison.Ordinal);

        // 09:00:30: the summary, with the open incident, its next update and the waiting item.
        await Eventually.TrueAsync(async () => (await client.GetJsonAsync("/api/v1/oncall/handovers")).GetArrayLength() == 1, Patience, "reminder recorded");
        _clock.SetUtcNow(new DateTimeOffset(2026, 10, 25, 9, 0, 30, TimeSpan.Zero));
        // Bearer tokens expire by the same clock: sign in again.
        client = _host.ClientAs("tester", Roles.Admin, Roles.Officer);
        await _host.Harness.Bus.Publish(new CheckHandovers("test"));
        await _host.Harness.Bus.Publish(new CheckHandovers("test"));
        var both = await Eventually.GetAsync(() => Task.FromResult(_smtp.Received.ToList()), r => r.Count >= 2, Patience, "summary emailed");
        var summary = both[1].Message;
        Assert.Equal(["ben@dcc.example"], both[1].Recipients);
        var text = summary.TextBody;
        Assert.Contains("River Exe flooding #DCCFlood", text, StringComparison.Ordinal);
        Assert.Contains("next update due Sun 25 Oct 10:00", text, StringComparison.Ordinal);
        Assert.Contains("[Critical] Trapped upstairs at 14 Riverside Walk", text, StringComparison.Ordinal);
        Assert.Contains("taking over from Ann Duty", text, StringComparison.Ordinal);

        var notices = await Eventually.GetAsync(() => client.GetJsonAsync("/api/v1/oncall/handovers"), n => n.GetArrayLength() >= 2, Patience, "notices recorded");
        Assert.Equal(2, notices.GetArrayLength());
        Assert.Equal(2, _smtp.Received.Count);
    }
}
