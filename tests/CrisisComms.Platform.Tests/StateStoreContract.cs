using CrisisComms.Platform.State;
using Xunit;

namespace CrisisComms.Platform.Tests;

/// <summary>
/// What every state store promises, run against each implementation (embedded and Redis): the
/// services rely on these semantics, not on an implementation.
/// </summary>
public abstract class StateStoreContract
{
    protected abstract IDedupeStore Dedupe { get; }

    protected abstract ICursorStore Cursors { get; }

    protected abstract ILeaseLock Leases { get; }

    protected abstract IRateLimiter RateLimiter { get; }

    protected abstract ICounterStore Counters { get; }

    /// <summary>Lets a TTL of <paramref name="ttl"/> run out.</summary>
    protected abstract Task ElapseAsync(TimeSpan ttl);

    protected static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task The_first_claim_of_a_key_wins_until_it_expires()
    {
        var key = Unique("mention:x:1");

        Assert.True(await Dedupe.TryClaimAsync(key, TimeSpan.FromSeconds(1)));
        Assert.False(await Dedupe.TryClaimAsync(key, TimeSpan.FromSeconds(1)));

        await ElapseAsync(TimeSpan.FromSeconds(1));
        Assert.True(await Dedupe.TryClaimAsync(key, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_released_claim_can_be_claimed_again()
    {
        var key = Unique("mention:x:2");
        Assert.True(await Dedupe.TryClaimAsync(key, TimeSpan.FromMinutes(5)));

        await Dedupe.ReleaseAsync(key);

        Assert.True(await Dedupe.TryClaimAsync(key, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_key_have_exactly_one_winner()
    {
        var key = Unique("mention:x:3");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Dedupe.TryClaimAsync(key, TimeSpan.FromMinutes(5))));

        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task Claiming_many_keys_at_once_claims_each_new_one_and_only_those()
    {
        var taken = Unique("mention:x:4");
        Assert.True(await Dedupe.TryClaimAsync(taken, TimeSpan.FromMinutes(5)));
        var fresh = Unique("mention:x:5");
        var other = Unique("mention:x:6");

        var claims = await Dedupe.TryClaimManyAsync([fresh, taken, other], TimeSpan.FromMinutes(5));

        var again = await Dedupe.TryClaimManyAsync([fresh, taken, other], TimeSpan.FromMinutes(5));
        var none = await Dedupe.TryClaimManyAsync([], TimeSpan.FromMinutes(5));

        Assert.Equal([true, false, true], claims);
        Assert.Equal([false, false, false], again);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Claims_released_together_can_be_claimed_again_and_others_stay()
    {
        var first = Unique("mention:x:7");
        var second = Unique("mention:x:8");
        var kept = Unique("mention:x:9");
        await Dedupe.TryClaimManyAsync([first, second, kept], TimeSpan.FromMinutes(5));

        await Dedupe.ReleaseManyAsync([first, second]);
        var claims = await Dedupe.TryClaimManyAsync([first, second, kept], TimeSpan.FromMinutes(5));

        Assert.Equal([true, true, false], claims);
    }

    [Fact]
    public async Task Asking_whether_a_key_is_claimed_does_not_claim_it()
    {
        var key = Unique("delivery:facebook:1");

        Assert.False(await Dedupe.IsClaimedAsync(key));
        Assert.False(await Dedupe.IsClaimedAsync(key));
        Assert.True(await Dedupe.TryClaimAsync(key, TimeSpan.FromSeconds(1)));
        Assert.True(await Dedupe.IsClaimedAsync(key));

        await ElapseAsync(TimeSpan.FromSeconds(1));
        Assert.False(await Dedupe.IsClaimedAsync(key));
    }

    [Fact]
    public async Task A_cursor_reads_back_what_was_last_written()
    {
        var name = Unique("x-mentions");
        Assert.Null(await Cursors.GetAsync(name));

        await Cursors.SetAsync(name, "1850000000000000001");
        await Cursors.SetAsync(name, "1850000000000000042");

        Assert.Equal("1850000000000000042", await Cursors.GetAsync(name));
    }

    [Fact]
    public async Task A_lease_has_one_holder_and_each_new_holder_gets_a_larger_fencing_token()
    {
        var name = Unique("poller:x-mentions");

        var first = await Leases.TryAcquireAsync(name, "replica-a", TimeSpan.FromSeconds(1));
        Assert.NotNull(first);
        Assert.Null(await Leases.TryAcquireAsync(name, "replica-b", TimeSpan.FromSeconds(1)));

        var again = await Leases.TryAcquireAsync(name, "replica-a", TimeSpan.FromSeconds(1));
        Assert.Equal(first.FencingToken, again!.FencingToken);

        await ElapseAsync(TimeSpan.FromSeconds(1));
        var second = await Leases.TryAcquireAsync(name, "replica-b", TimeSpan.FromSeconds(30));
        Assert.NotNull(second);
        Assert.True(second.FencingToken > first.FencingToken);

        // The old holder has lost it: renewing fails and releasing does not free the new holder's lease.
        Assert.Null(await Leases.RenewAsync(first, TimeSpan.FromSeconds(30)));
        await Leases.ReleaseAsync(first);
        Assert.Null(await Leases.TryAcquireAsync(name, "replica-a", TimeSpan.FromSeconds(30)));

        await Leases.ReleaseAsync(second);
        var third = await Leases.TryAcquireAsync(name, "replica-a", TimeSpan.FromSeconds(30));
        Assert.True(third!.FencingToken > second.FencingToken);
    }

    [Fact]
    public async Task A_held_lease_renews()
    {
        var name = Unique("poller:fb");
        var lease = await Leases.TryAcquireAsync(name, "replica-a", TimeSpan.FromSeconds(30));

        var renewed = await Leases.RenewAsync(lease!, TimeSpan.FromSeconds(60));

        Assert.NotNull(renewed);
        Assert.Equal(lease!.FencingToken, renewed.FencingToken);
    }

    [Fact]
    public async Task A_token_bucket_allows_its_capacity_then_says_how_long_to_wait()
    {
        var bucket = Unique("x:post:council");
        var policy = new TokenBucketPolicy(Capacity: 3, RefillPerSecond: 0.5);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await RateLimiter.TryTakeAsync(bucket, policy)).Allowed);
        }

        var refused = await RateLimiter.TryTakeAsync(bucket, policy);
        Assert.False(refused.Allowed);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Counters_add_up_per_minute_and_report_every_minute_of_a_range()
    {
        var series = Unique("volume:incident");
        var minute = new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

        await Counters.IncrementAsync(series, minute.AddSeconds(5));
        await Counters.IncrementAsync(series, minute.AddSeconds(59), by: 2);
        await Counters.IncrementAsync(series, minute.AddMinutes(2).AddSeconds(1), by: 5);

        var points = await Counters.GetAsync(series, minute, minute.AddMinutes(3));

        Assert.Equal([3L, 0L, 5L, 0L], points.Select(p => p.Count));
        Assert.Equal(minute.AddMinutes(2), points[2].Minute);
    }
}
