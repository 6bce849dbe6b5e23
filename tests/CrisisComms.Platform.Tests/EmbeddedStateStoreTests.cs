using CrisisComms.Platform.State;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace CrisisComms.Platform.Tests;

public sealed class EmbeddedStateStoreTests : StateStoreContract, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"crisiscomms-state-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero));
    private readonly EmbeddedStateStore _store;

    public EmbeddedStateStoreTests() => _store = new EmbeddedStateStore(_file, _time);

    protected override IDedupeStore Dedupe => _store;

    protected override ICursorStore Cursors => _store;

    protected override ILeaseLock Leases => _store;

    protected override IRateLimiter RateLimiter => _store;

    protected override ICounterStore Counters => _store;

    [Fact]
    public async Task Cursors_and_counters_survive_a_restart()
    {
        var minute = new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);
        await _store.SetAsync("x-mentions", "42");
        await _store.IncrementAsync("volume", minute, 7);

        var restarted = new EmbeddedStateStore(_file, _time);

        Assert.Equal("42", await restarted.GetAsync("x-mentions"));
        Assert.Equal(7, (await restarted.GetAsync("volume", minute, minute)).Single().Count);
    }

    [Fact]
    public async Task A_token_bucket_refills_with_time()
    {
        var policy = new TokenBucketPolicy(Capacity: 1, RefillPerSecond: 1);
        Assert.True((await _store.TryTakeAsync("b", policy)).Allowed);
        Assert.False((await _store.TryTakeAsync("b", policy)).Allowed);

        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.True((await _store.TryTakeAsync("b", policy)).Allowed);
    }

    protected override Task ElapseAsync(TimeSpan ttl)
    {
        _time.Advance(ttl + TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
        File.Delete(_file + "-wal");
        File.Delete(_file + "-shm");
    }
}
