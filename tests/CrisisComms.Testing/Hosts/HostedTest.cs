using Xunit;

namespace CrisisComms.Testing.Hosts;

/// <summary>
/// A test class with its own host of the whole server: embedded, on MassTransit's test harness, fresh
/// for each test (xunit makes a new instance per test). Override <see cref="Configure"/> for settings.
/// </summary>
public abstract class HostedTest : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected ServiceHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ServiceHost.StartAsync(o =>
    {
        o.BusTestHarness = true;
        Configure(o);
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();

    protected virtual void Configure(ServiceHostOptions options)
    {
    }
}
