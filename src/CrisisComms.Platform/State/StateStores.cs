namespace CrisisComms.Platform.State;

/// <summary>"Have we seen this before?" — <c>SET NX EX</c> semantics: the first claim of a key wins until it expires.</summary>
public interface IDedupeStore
{
    /// <summary>True when this call claimed <paramref name="key"/> (first sighting); false when it was already claimed.</summary>
    Task<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Forget a claim (e.g. when handling it failed and it must be retried).</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims every key in one go (Redis: one pipelined round trip, not one per key); answer <c>i</c> is true
    /// when this call claimed <c>keys[i]</c>. Each key is claimed on its own (SET NX per key), not all or none.
    /// </summary>
    async Task<bool[]> TryClaimManyAsync(IReadOnlyList<string> keys, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return await Task.WhenAll(keys.Select(key => TryClaimAsync(key, ttl, cancellationToken)));
    }

    /// <summary>Forgets several claims in one go (Redis: one pipelined round trip).</summary>
    Task ReleaseManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return Task.WhenAll(keys.Select(key => ReleaseAsync(key, cancellationToken)));
    }

    /// <summary>Whether <paramref name="key"/> is claimed now, without claiming it (Redis: EXISTS, one round trip).</summary>
    async Task<bool> IsClaimedAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!await TryClaimAsync(key, TimeSpan.FromSeconds(1), cancellationToken))
        {
            return true;
        }

        await ReleaseAsync(key, cancellationToken);
        return false;
    }
}

/// <summary>Durable named positions (a source's <c>since_id</c>, a feed's last ETag).</summary>
public interface ICursorStore
{
    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);

    Task SetAsync(string name, string value, CancellationToken cancellationToken = default);
}

/// <summary>
/// A lease held by one owner at a time across replicas. Each new holder gets a larger fencing token,
/// so work stamped with an older token can be refused by whoever receives it.
/// </summary>
public sealed record Lease(string Name, string Owner, long FencingToken, DateTimeOffset ExpiresAt);

public interface ILeaseLock
{
    /// <summary>The lease, or null while someone else holds it. Re-acquiring your own lease extends it with the same token.</summary>
    Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease still held; null when it was lost (expired and taken, or released).</summary>
    Task<Lease?> RenewAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default);

    Task ReleaseAsync(Lease lease, CancellationToken cancellationToken = default);
}

/// <summary>A token bucket: <see cref="Capacity"/> tokens, refilled at <see cref="RefillPerSecond"/>.</summary>
public sealed record TokenBucketPolicy(int Capacity, double RefillPerSecond)
{
    /// <summary>E.g. X's 100 posts per user per 15 minutes: <c>PerWindow(100, TimeSpan.FromMinutes(15))</c>.</summary>
    public static TokenBucketPolicy PerWindow(int count, TimeSpan window) => new(count, count / window.TotalSeconds);
}

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>Client-side rate limits shared by every replica.</summary>
public interface IRateLimiter
{
    Task<RateLimitDecision> TryTakeAsync(string bucket, TokenBucketPolicy policy, int tokens = 1, CancellationToken cancellationToken = default);
}

public readonly record struct CounterPoint(DateTimeOffset Minute, long Count);

/// <summary>Per-minute counters (mention volume, items per minute), kept for a retention period.</summary>
public interface ICounterStore
{
    Task IncrementAsync(string series, DateTimeOffset at, long by = 1, CancellationToken cancellationToken = default);

    /// <summary>One point per minute from <paramref name="from"/> to <paramref name="to"/> inclusive, zeros included.</summary>
    Task<IReadOnlyList<CounterPoint>> GetAsync(string series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default);
}

internal static class Minutes
{
    public static DateTimeOffset Floor(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    public static IEnumerable<DateTimeOffset> Range(DateTimeOffset from, DateTimeOffset to)
    {
        for (var m = Floor(from); m <= Floor(to); m = m.AddMinutes(1))
        {
            yield return m;
        }
    }

    public const int MaxRange = 60 * 24 * 31;
}
