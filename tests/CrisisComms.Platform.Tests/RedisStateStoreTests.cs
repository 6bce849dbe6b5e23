using CrisisComms.Platform.State;
using CrisisComms.Testing.Infrastructure;
using StackExchange.Redis;
using Xunit;

namespace CrisisComms.Platform.Tests;

[Collection(RealServersCollection.Name)]
public sealed class RedisStateStoreTests(RealServersFixture servers) : StateStoreContract, IAsyncLifetime
{
    private ConnectionMultiplexer _redis = null!;
    private RedisStateStore _store = null!;
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";

    protected override IDedupeStore Dedupe => _store;

    protected override ICursorStore Cursors => _store;

    protected override ILeaseLock Leases => _store;

    protected override IRateLimiter RateLimiter => _store;

    protected override ICounterStore Counters => _store;

    public async Task InitializeAsync()
    {
        _redis = await ConnectionMultiplexer.ConnectAsync(servers.Endpoints.Redis);
        _store = new RedisStateStore(_redis, _prefix);
    }

    public async Task DisposeAsync()
    {
        var server = _redis.GetServers()[0];
        await foreach (var key in server.KeysAsync(pattern: _prefix + "*"))
        {
            await _redis.GetDatabase().KeyDeleteAsync(key);
        }

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Every_key_is_under_the_configured_prefix()
    {
        await _store.SetAsync("cursor-a", "1");
        await _store.TryClaimAsync("claim-a", TimeSpan.FromMinutes(1));

        var keys = new List<string>();
        await foreach (var key in _redis.GetServers()[0].KeysAsync(pattern: _prefix + "*"))
        {
            keys.Add(key!);
        }

        Assert.Contains($"{_prefix}cursor:cursor-a", keys);
        Assert.Contains($"{_prefix}dedupe:claim-a", keys);
    }

    protected override Task ElapseAsync(TimeSpan ttl) => Task.Delay(ttl + TimeSpan.FromMilliseconds(150));
}
