using System.Collections.Concurrent;
using System.Text.Json;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using CrisisComms.Web.Live;
using CrisisComms.Web.Partners;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Web.Tests;

/// <summary>
/// Two web replicas on the real servers: what one replica pushes reaches pages connected to the other,
/// through the SignalR Redis backplane, for staff and for a partner with access — and not for a partner without.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class ReplicaBackplaneTests(RealServersFixture servers)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_line_pushed_on_one_replica_reaches_dashboards_connected_to_another()
    {
        await using var infrastructure = await servers.IsolateAsync("backplane");
        await using var first = await StartAsync(infrastructure);
        await using var second = await StartAsync(infrastructure);
        var incident = Guid.NewGuid();
        var partner = Guid.NewGuid();
        await first.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WebDbContext>();
            db.PartnerAccess.Add(new PartnerAccess { Id = Guid.NewGuid(), IncidentId = incident, UserId = partner, Organisation = "Devon & Cornwall Police", GrantedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync();
        });
        await using var officer = await ConnectAsync(first, "officer", Roles.Officer);
        await using var withAccess = await ConnectAsync(first, partner.ToString(), Roles.Partner);
        await using var without = await ConnectAsync(first, Guid.NewGuid().ToString(), Roles.Partner);
        var seen = new ConcurrentDictionary<string, string>();
        officer.On<Guid, JsonElement>("timeline", (_, lines) => seen.TryAdd("officer", lines[0].GetProperty("summary").GetString()!));
        withAccess.On<Guid, JsonElement>("timeline", (_, lines) => seen.TryAdd("partner", lines[0].GetProperty("summary").GetString()!));
        without.On<Guid, JsonElement>("timeline", (_, _) => seen.TryAdd("stranger", "saw it"));
        var watching = await Task.WhenAll(officer.InvokeAsync<bool>("Watch", incident), withAccess.InvokeAsync<bool>("Watch", incident), without.InvokeAsync<bool>("Watch", incident));

        // Pushed by the other replica, as its projection does after a post is released there.
        await second.Get<LiveNotifier>().TimelineAsync(incident, [new LiveLine(1, DateTimeOffset.UtcNow, "post-released", "Update: \"Bonhay Road closed\" released to x", "x", "Bonhay Road is closed.", true, true)]);
        await Eventually.TrueAsync(() => Task.FromResult(seen.ContainsKey("officer") && seen.ContainsKey("partner")), Patience, "line through the backplane");

        Assert.Equal([true, true, false], watching);
        Assert.Equal("Update: \"Bonhay Road closed\" released to x", seen["officer"]);
        Assert.Equal("Update: \"Bonhay Road closed\" released to x", seen["partner"]);
        Assert.False(seen.ContainsKey("stranger"));
    }

    private static Task<ServiceHost> StartAsync(Isolated infrastructure) => ServiceHost.StartAsync(o =>
    {
        o.Infrastructure = infrastructure;
        o.Services.Add("web");
    });

    private static async Task<HubConnection> ConnectAsync(ServiceHost host, string id, string role)
    {
        var token = host.Get<ApiTokens>().Issue(new TokenSubject(id, id, [role]), TimeSpan.FromHours(1));
        var server = (TestServer)host.Services.GetRequiredService<IServer>();
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
