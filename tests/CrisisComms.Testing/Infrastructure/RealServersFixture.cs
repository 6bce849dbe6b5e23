using Xunit;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>Shared by every test class in the <see cref="RealServersCollection"/> of an assembly.</summary>
public sealed class RealServersFixture : IAsyncLifetime
{
    private RealServers? _servers;

    public ServerEndpoints Endpoints => _servers?.Endpoints ?? throw new InvalidOperationException("servers not started");

    public async Task InitializeAsync() => _servers = await RealServers.AcquireAsync();

    public async Task DisposeAsync()
    {
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }

    /// <summary>A fresh vhost, database and key prefix for one test.</summary>
    public Task<Isolated> IsolateAsync(string? label = null) => Isolated.CreateAsync(Endpoints, label);
}

/// <summary>Put a test class in this collection to use the real servers (add the definition to your test assembly).</summary>
public static class RealServersCollection
{
    public const string Name = "real servers";
}
