namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// The real RabbitMQ, Redis and PostgreSQL for a test run, taken in order: from
/// <c>CRISISCOMMS_TEST_RABBITMQ</c> / <c>_REDIS</c> / <c>_POSTGRES</c> (test.sh starts them once for the
/// whole run); from Testcontainers where a Docker engine answers; otherwise private instances of the
/// Debian servers. Never a mock: when none can be had, this fails loudly.
/// </summary>
public sealed class RealServers : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owned;

    private RealServers(ServerEndpoints endpoints, IAsyncDisposable? owned)
    {
        Endpoints = endpoints;
        _owned = owned;
    }

    public ServerEndpoints Endpoints { get; }

    public static async Task<RealServers> AcquireAsync()
    {
        if (ServerEndpoints.FromEnvironment() is { } fromEnvironment)
        {
            return new RealServers(fromEnvironment, owned: null);
        }

        if (ContainerServers.DockerConfigured)
        {
            try
            {
                var containers = await ContainerServers.StartAsync();
                return new RealServers(containers.Endpoints, containers);
            }
            catch (Exception e) when (ContainerServers.IsDockerUnavailable(e))
            {
                await Console.Error.WriteLineAsync($"Docker is configured but its engine does not answer ({e.Message}); starting private servers instead.");
            }
        }

        var servers = await PrivateServers.StartAsync();
        return new RealServers(servers.Endpoints, servers);
    }

    public ValueTask DisposeAsync() => _owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
