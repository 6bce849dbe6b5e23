using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Web.Live;

/// <summary>A timeline line as pushed to pages (the same words the page renders).</summary>
internal sealed record LiveLine(long Id, DateTimeOffset At, string Kind, string Summary, string? Channel, string? Text, bool Post, bool PartnerVisible);

/// <summary>
/// Tells connected pages that something they show changed, after the change is committed. With
/// several web replicas the SignalR Redis backplane carries it to every replica's connections.
/// A failure here never fails the projection: pages still catch up when they reconnect or poll.
/// </summary>
internal sealed partial class LiveNotifier(IHubContext<LiveHub> hub, ILogger<LiveNotifier> logger)
{
    public async Task TimelineAsync(Guid incidentId, IReadOnlyList<LiveLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        await Safely(async () =>
        {
            await hub.Clients.Group(LiveHub.StaffGroup(incidentId)).SendAsync("timeline", incidentId, lines);
            var forPartners = lines.Where(l => l.PartnerVisible).ToList();
            if (forPartners.Count > 0)
            {
                await hub.Clients.Group(LiveHub.PartnerGroup(incidentId)).SendAsync("timeline", incidentId, forPartners);
            }
        });
    }

    /// <summary><paramref name="area"/>: incidents, posts, drafts, triage, oncall, health, dashboard.</summary>
    public Task ChangedAsync(string area, Guid? incidentId = null, bool partners = false) => Safely(async () =>
    {
        await hub.Clients.Group(LiveHub.Staff).SendAsync("changed", area, incidentId);
        if (partners)
        {
            // About one incident, or about every incident (a channel paused).
            var group = incidentId is { } id ? LiveHub.PartnerGroup(id) : LiveHub.Partners;
            await hub.Clients.Group(group).SendAsync("changed", area, incidentId);
        }
    });

    /// <summary>Tells a partner's pages (on any replica) that their access to an incident ended.</summary>
    public Task RevokedAsync(Guid userId, Guid incidentId) =>
        Safely(() => hub.Clients.User(userId.ToString()).SendAsync("revoked", incidentId));

    private async Task Safely(Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotifyFailed(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live update not sent (pages catch up on their next refresh): {Error}")]
    private partial void LogNotifyFailed(string error);
}

/// <summary>
/// Ends the live feed of partner connections whose access has ended — on this replica, whichever
/// replica revoked it — within <see cref="Interval"/>. Pages and hub calls check access on every request.
/// </summary>
internal sealed partial class PartnerFeedSweeper(
    LiveConnections connections,
    IHubContext<LiveHub> hub,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<PartnerFeedSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var watchers = connections.Partners;
        if (watchers.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebDbContext>();
        var users = watchers.Select(w => w.UserId).Distinct().ToList();
        var active = (await db.PartnerAccess.AsNoTracking()
            .Where(a => users.Contains(a.UserId) && a.RevokedAt == null && a.EndedAt == null)
            .Select(a => new { a.UserId, a.IncidentId })
            .ToListAsync(cancellationToken))
            .Select(a => (a.UserId, a.IncidentId))
            .ToHashSet();
        foreach (var watcher in watchers)
        {
            List<Guid> ended;
            lock (watcher.Incidents)
            {
                ended = watcher.Incidents.Where(i => !active.Contains((watcher.UserId, i))).ToList();
                watcher.Incidents.ExceptWith(ended);
            }

            foreach (var incidentId in ended)
            {
                await hub.Groups.RemoveFromGroupAsync(watcher.Context.ConnectionId, LiveHub.PartnerGroup(incidentId), cancellationToken);
                await hub.Clients.Client(watcher.Context.ConnectionId).SendAsync("revoked", incidentId, cancellationToken);
                LogEnded(watcher.UserId, incidentId);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Live feed of incident {IncidentId} ended for partner {UserId}: access ended")]
    private partial void LogEnded(Guid userId, Guid incidentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Partner feed sweep failed: {Error}")]
    private partial void LogSweepFailed(string error);
}
