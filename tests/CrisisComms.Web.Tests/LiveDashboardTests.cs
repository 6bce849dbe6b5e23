using System.Collections.Concurrent;
using System.Text.Json;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed class LiveDashboardTests : ConsoleTest
{
    [Fact]
    public async Task A_connected_dashboard_is_sent_each_published_post_and_a_partner_without_access_is_not()
    {
        var flood = await OpenIncidentAsync("River Exe flooding", "flood");
        var fire = await OpenIncidentAsync("Moorland fire", "fire");
        await using var officer = await ConnectAsync(Token("officer", Roles.Officer));
        await using var stranger = await ConnectAsync(Token(Guid.NewGuid().ToString(), Roles.Partner));
        var seen = new ConcurrentQueue<(Guid Incident, JsonElement Lines)>();
        var strangerSeen = new ConcurrentQueue<Guid>();
        officer.On<Guid, JsonElement>("timeline", (incident, lines) => seen.Enqueue((incident, lines)));
        stranger.On<Guid, JsonElement>("timeline", (incident, _) => strangerSeen.Enqueue(incident));

        var watching = await officer.InvokeAsync<bool>("Watch", flood);
        var refused = await stranger.InvokeAsync<bool>("Watch", flood);
        var postId = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new PostReleased(postId, Guid.NewGuid(), flood, "Update", "Bonhay Road closed", "Bonhay Road is closed. Avoid the area.", ["x", "sms"], "Olu", "Alex", false, DateTimeOffset.UtcNow));
        await Host.Harness.Bus.Publish(new PostPublished(postId, flood, "x", "18500", "https://x.com/dcc/status/18500", DateTimeOffset.UtcNow));
        await Host.Harness.Bus.Publish(new PostPublished(Guid.NewGuid(), fire, "x", "18501", null, DateTimeOffset.UtcNow));

        await Eventually.TrueAsync(() => Task.FromResult(seen.SelectMany(s => s.Lines.EnumerateArray()).Any(l => l.GetProperty("kind").GetString() == "post-published")), Patience, "post pushed");
        var lines = seen.SelectMany(s => s.Lines.EnumerateArray()).ToList();
        Assert.True(watching);
        Assert.False(refused);
        Assert.All(seen, s => Assert.Equal(flood, s.Incident));
        Assert.Contains(lines, l => l.GetProperty("kind").GetString() == "post-released" && l.GetProperty("text").GetString() == "Bonhay Road is closed. Avoid the area.");
        Assert.Empty(strangerSeen);
        var status = await Host.InScopeAsync(sp => sp.GetRequiredService<WebDbContext>().PostChannels.AsNoTracking().Where(c => c.PostId == postId).OrderBy(c => c.Channel).Select(c => c.Channel + ":" + c.Status).ToListAsync());
        Assert.Equal(["sms:Pending", "x:Published"], status);
    }

    [Fact]
    public async Task The_dashboard_shows_volume_questions_answered_source_health_and_who_is_waited_on()
    {
        var flood = await OpenIncidentAsync("River Exe flooding", "flood");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 5; i++)
        {
            await Host.Harness.Bus.Publish(new MentionReceived(Guid.NewGuid(), "x", $"n{i}", "@r", "Is the A377 closed?", now.AddMinutes(-i % 2), flood, "#DCCFlood"));
        }

        var item = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new TriageItemUpdated(item, flood, "x", "Open", "needs_response", "High", "Is the A377 closed at Cowley Bridge?", 12, ["asks a question of us"], null, null, now.AddMinutes(15), now));
        await Host.Harness.Bus.Publish(new TriageItemUpdated(item, flood, "x", "Open", "needs_response", "High", "an older picture", 3, [], null, null, now.AddMinutes(15), now.AddMinutes(-5)));
        await Host.Harness.Bus.Publish(new ReplySent(Guid.NewGuid(), item, "x", "1", null, now));
        await Host.Harness.Bus.Publish(new SourceHealthReported("x-search:#DCCFlood", "x", "Lagging", now.AddMinutes(-3), TimeSpan.FromMinutes(3), 40, 2, "429 Too Many Requests", now));
        await Host.Harness.Bus.Publish(new EscalationUpdated(Guid.NewGuid(), "SlaBreached", item, flood, "Open", 2, "Sam Backup", now.AddMinutes(5), now));
        await Host.Harness.Bus.Publish(new PageDeliveryFailed(Guid.NewGuid(), "SlaBreached", item, flood, "pagerduty", "503 from PagerDuty", now));
        var duty = (await Host.Client.PostJsonAsync("/api/v1/oncall/people", new { name = "Dana Duty" })).GetProperty("id").GetGuid();
        await Host.Client.PostJsonAsync("/api/v1/oncall/rotas", new
        {
            name = "Comms rota",
            layers = new[] { new { name = "Duty officer", rotation = "weekly", startDate = DateOnly.FromDateTime(now.UtcDateTime.AddDays(-3)), handoverTime = "09:00", members = new[] { duty } } },
        });

        var mentions = await Eventually.GetAsync(
            () => Host.InScopeAsync(sp => sp.GetRequiredService<WebDbContext>().Volume.Where(v => v.IncidentId == flood).SumAsync(v => v.Mentions)),
            n => n == 5, Patience, "mentions counted");
        await Eventually.TrueAsync(() => Host.InScopeAsync(sp => sp.GetRequiredService<WebDbContext>().PageFailures.AnyAsync()), Patience, "all projected");
        await Eventually.TrueAsync(() => Host.InScopeAsync(sp => sp.GetRequiredService<WebDbContext>().TriageItems.AnyAsync(t => t.AnsweredAt != null)), Patience, "answered");
        using var page = new PageClient(Host.Services, Token("officer", Roles.Officer));
        var (_, dashboard, _) = await page.GetAsync($"/partner/incidents/{flood}");
        var (_, health, _) = await page.GetAsync("/console/health");
        var (_, oncall, _) = await page.GetAsync("/console/oncall");

        Assert.Equal(5, mentions);
        Assert.Contains("<svg class=\"chart\"", dashboard, StringComparison.Ordinal);
        Assert.Contains("5 mentions in the last six hours", dashboard, StringComparison.Ordinal);
        Assert.Contains("Is the A377 closed at Cowley Bridge?", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("an older picture", dashboard, StringComparison.Ordinal);
        Assert.Contains("Answered", dashboard, StringComparison.Ordinal);
        Assert.Contains("x-search:#DCCFlood", health, StringComparison.Ordinal);
        Assert.Contains("429 Too Many Requests", health, StringComparison.Ordinal);
        Assert.Contains("Sam Backup", oncall, StringComparison.Ordinal);
        Assert.Contains("503 from PagerDuty", oncall, StringComparison.Ordinal);
        Assert.Contains("<strong>Dana Duty</strong> (Duty officer, Comms rota)", oncall, StringComparison.Ordinal);
    }

    private string Token(string id, string role) => Host.Get<ApiTokens>().Issue(new TokenSubject(id, id, [role]), TimeSpan.FromHours(1));

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var server = (TestServer)Host.Services.GetRequiredService<IServer>();
        var connection = new HubConnectionBuilder()
            .WithUrl("http://localhost/live", o =>
            {
                o.Transports = HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}
