using System.Collections.Concurrent;
using CrisisComms.Web.Partners;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CrisisComms.Web.Live;

/// <summary>
/// Live updates for the console and the partner dashboard. Staff join the console group on connect;
/// anyone joins an incident's group only after the same object-level check the pages make.
/// Server to client: <c>timeline(incidentId, lines)</c>, <c>changed(area, incidentId)</c>, <c>revoked(incidentId)</c>.
/// </summary>
[Authorize]
internal sealed class LiveHub(WebDbContext db, LiveConnections connections) : Hub
{
    public const string Path = "/live";
    public const string Staff = "staff";

    /// <summary>Every partner connection: only ever told that something changed, never what.</summary>
    public const string Partners = "partners";

    public static string StaffGroup(Guid incidentId) => $"incident:{incidentId:N}:staff";

    public static string PartnerGroup(Guid incidentId) => $"incident:{incidentId:N}:partners";

    public override async Task OnConnectedAsync()
    {
        if (IncidentAccess.IsStaff(Context.User!))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Staff);
        }
        else
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, Partners);
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Follow one incident; false when the caller may not see it.</summary>
    public async Task<bool> Watch(Guid incidentId)
    {
        var user = Context.User!;
        if (!await IncidentAccess.CanSeeAsync(db, user, incidentId, Context.ConnectionAborted))
        {
            return false;
        }

        if (IncidentAccess.IsStaff(user))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, StaffGroup(incidentId));
        }
        else
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, PartnerGroup(incidentId));
            connections.Watching(Context, IncidentAccess.UserId(user)!.Value, incidentId);
        }

        return true;
    }
}

/// <summary>
/// This replica's partner connections and what each watches, so access that ends (revoked, incident
/// closed) also ends the live feed: checked when it changes here and swept regularly for changes
/// made on other replicas.
/// </summary>
internal sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, Watcher> _watchers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Watcher> Partners => [.. _watchers.Values];

    public void Watching(HubCallerContext context, Guid userId, Guid incidentId)
    {
        var watcher = _watchers.GetOrAdd(context.ConnectionId, _ => new Watcher(context, userId));
        lock (watcher.Incidents)
        {
            watcher.Incidents.Add(incidentId);
        }
    }

    public void Forget(string connectionId) => _watchers.TryRemove(connectionId, out _);

    internal sealed record Watcher(HubCallerContext Context, Guid UserId)
    {
        public HashSet<Guid> Incidents { get; } = [];
    }
}
