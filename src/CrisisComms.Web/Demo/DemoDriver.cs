using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Demo;

/// <summary>
/// The embedded demo: opens a flood incident, sends a first update on three channels and then plays
/// the public talking about it, through the same HTTP API an officer and a channel would use — so
/// `dotnet run` shows publishing, monitoring, triage and paging working within a minute.
/// </summary>
internal sealed partial class DemoDriver(
    IServer server,
    IHostApplicationLifetime lifetime,
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> options,
    ApiTokens tokens,
    TimeProvider time,
    ILogger<DemoDriver> logger) : BackgroundService
{
    private static readonly string[] Voices =
    [
        "Is the A377 still closed at Cowley Bridge? #DCCFlood",
        "Water coming up through the drains on Bonhay Road #DCCFlood",
        "Where can I get sandbags in St Thomas?",
        "We're trapped upstairs at 14 Riverside Walk, water rising fast, please help",
        "Heard the Trews Weir has failed?? Is that true #DCCFlood",
        "Thank you to the crews out tonight #DCCFlood",
        "Are schools in Exeter open tomorrow?",
        "Is the rest centre at the Corn Exchange taking pets?",
        "Power's out on Okehampton Street #DCCFlood",
        "Will bins still be collected this week?",
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)) };
        // The demo acts as an officer would, and as the channels' sandbox would for mentions.
        var token = tokens.Issue(new TokenSubject("demo", "Demo officer", [Roles.Officer, Roles.Approver]), TimeSpan.FromDays(30));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        try
        {
            var incident = await OpenIncidentAsync(http, stoppingToken);
            await LetTheDemoPartnerInAsync(incident, stoppingToken);
            LogStarted(address, incident);
            for (var i = 0; !stoppingToken.IsCancellationRequested; i++)
            {
                await Task.Delay(options.Value.MentionInterval, time, stoppingToken);
                var text = Voices[i % Voices.Length];
                using var _ = await http.PostAsJsonAsync("/api/v1/monitoring/sandbox/mentions", new
                {
                    channel = i % 3 == 0 ? "facebook" : "x",
                    nativeId = string.Create(CultureInfo.InvariantCulture, $"demo-{time.GetUtcNow().ToUnixTimeMilliseconds()}-{i}"),
                    author = $"@resident{i % 17}",
                    text,
                }, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (HttpRequestException e)
        {
            LogStopped(e.Message);
        }
    }

    private async Task<Guid> OpenIncidentAsync(HttpClient http, CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
            if (await db.Incidents.AsNoTracking().Where(i => i.Status == "Open").Select(i => (Guid?)i.IncidentId).FirstOrDefaultAsync(cancellationToken) is { } open)
            {
                return open;
            }
        }

        using var opened = await http.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "River Exe flooding",
            shortName = "flood",
            severity = "Major",
            areas = new[] { "Exeter St Thomas", "Cowley Bridge" },
            acceptHashtagInUse = true,
        }, cancellationToken);
        opened.EnsureSuccessStatusCode();
        var incident = (await opened.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
        using var posted = await http.PostAsJsonAsync("/api/v1/drafts", new
        {
            incidentId = incident,
            headline = "Flood warning: River Exe in Exeter",
            body = "Flood warning for the River Exe in Exeter. Avoid Bonhay Road and Cowley Bridge. A rest centre is open at the Corn Exchange. Next update by 14:00.",
            channels = new[] { "x", "facebook", "sms", "web", "cap" },
            submit = true,
        }, cancellationToken);
        posted.EnsureSuccessStatusCode();
        return incident;
    }

    /// <summary>The demo partner sees the flood's dashboard straight away, as if an officer's invite had been accepted.</summary>
    private async Task LetTheDemoPartnerInAsync(Guid incident, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var email = Accounts.AccountSeeder.DemoAccounts.Single(a => a.Roles.Contains(Roles.Partner)).Email;
        var partner = await scope.ServiceProvider.GetRequiredService<UserManager<Accounts.User>>().FindByEmailAsync(email);
        if (partner is null || await db.PartnerAccess.AnyAsync(a => a.UserId == partner.Id && a.IncidentId == incident, cancellationToken))
        {
            return;
        }

        db.PartnerAccess.Add(new Partners.PartnerAccess
        {
            Id = Guid.CreateVersion7(),
            IncidentId = incident,
            UserId = partner.Id,
            Organisation = "Devon & Cornwall Police",
            GrantedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo running at {Address}: incident {IncidentId} with simulated mentions")]
    private partial void LogStarted(string address, Guid incidentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo stopped: {Error}")]
    private partial void LogStopped(string error);
}

internal static class DemoRegistration
{
    /// <summary>The demo runs only with every service in one embedded process, and can be switched off.</summary>
    public static bool Wanted(PlatformSettings settings, DemoOptions options) =>
        settings.IsEmbedded && settings.RunsAll && (options.Enabled ?? true);
}
