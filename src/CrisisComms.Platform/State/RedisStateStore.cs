using System.Globalization;
using StackExchange.Redis;

namespace CrisisComms.Platform.State;

/// <summary>
/// The state stores shared by every replica, on Redis (run with AOF so an acknowledged write survives a
/// crash). Each multi-step operation is one Lua script, so it is atomic on the server, and time comes
/// from the server's clock, so replicas with skewed clocks still agree.
/// </summary>
public sealed class RedisStateStore(IConnectionMultiplexer redis, string keyPrefix) : IDedupeStore, ICursorStore, ILeaseLock, IRateLimiter, ICounterStore
{
    private static readonly TimeSpan CounterRetention = TimeSpan.FromDays(31);

    // KEYS[1] lease, KEYS[2] fence counter; ARGV[1] owner, ARGV[2] ttl ms.
    // Returns {token, remaining ttl ms}, or {-1, 0} while another owner holds it.
    private const string AcquireScript = """
        local current = redis.call('GET', KEYS[1])
        if current then
          local sep = string.find(current, '|', 1, true)
          if string.sub(current, 1, sep - 1) ~= ARGV[1] then return {-1, 0} end
          redis.call('PEXPIRE', KEYS[1], ARGV[2])
          return {tonumber(string.sub(current, sep + 1)), tonumber(ARGV[2])}
        end
        local token = redis.call('INCR', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
        return {token, tonumber(ARGV[2])}
        """;

    // KEYS[1] lease; ARGV[1] owner|token, ARGV[2] ttl ms. 1 when renewed.
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // KEYS[1] bucket; ARGV[1] capacity, ARGV[2] refill per second, ARGV[3] tokens wanted.
    // Returns {allowed (1/0), retry after ms}.
    private const string TakeScript = """
        local capacity = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if tokens == nil then tokens = capacity; at = now end
        tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
        local allowed = 0
        local wait = 0
        if tokens >= wanted then
          tokens = tokens - wanted
          allowed = 1
        else
          wait = math.ceil((wanted - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
        redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 60000)
        return {allowed, wait}
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        await Db.StringSetAsync(Key("dedupe", key), "1", ttl, When.NotExists);

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default) =>
        Db.KeyDeleteAsync(Key("dedupe", key));

    /// <summary>One SET NX PX per key, sent as one batch (one round trip; per-key commands, so it also works when keys live on different cluster nodes).</summary>
    public async Task<bool[]> TryClaimManyAsync(IReadOnlyList<string> keys, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var batch = Db.CreateBatch();
        var claims = new Task<bool>[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            claims[i] = batch.StringSetAsync(Key("dedupe", keys[i]), "1", ttl, When.NotExists);
        }

        batch.Execute();
        return await Task.WhenAll(claims);
    }

    public Task ReleaseManyAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return Task.CompletedTask;
        }

        var batch = Db.CreateBatch();
        var deletes = keys.Select(key => batch.KeyDeleteAsync(Key("dedupe", key))).ToList();
        batch.Execute();
        return Task.WhenAll(deletes);
    }

    public Task<bool> IsClaimedAsync(string key, CancellationToken cancellationToken = default) =>
        Db.KeyExistsAsync(Key("dedupe", key));

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        await Db.StringGetAsync(Key("cursor", name));

    public Task SetAsync(string name, string value, CancellationToken cancellationToken = default) =>
        Db.StringSetAsync(Key("cursor", name), value);

    public async Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        if (owner.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("a lease owner cannot contain '|'", nameof(owner));
        }

        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            AcquireScript,
            [Key("lease", name), Key("fence", name)],
            [owner, (long)ttl.TotalMilliseconds]))!;
        var token = (long)result[0];
        return token < 0 ? null : new Lease(name, owner, token, DateTimeOffset.UtcNow + ttl);
    }

    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var renewed = (long)await Db.ScriptEvaluateAsync(
            RenewScript,
            [Key("lease", lease.Name)],
            [Holder(lease), (long)ttl.TotalMilliseconds]);
        return renewed == 1 ? lease with { ExpiresAt = DateTimeOffset.UtcNow + ttl } : null;
    }

    public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return Db.ScriptEvaluateAsync(ReleaseScript, [Key("lease", lease.Name)], [Holder(lease)]);
    }

    public async Task<RateLimitDecision> TryTakeAsync(string bucket, TokenBucketPolicy policy, int tokens = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            TakeScript,
            [Key("bucket", bucket)],
            [policy.Capacity, policy.RefillPerSecond.ToString("R", CultureInfo.InvariantCulture), tokens]))!;
        return new RateLimitDecision((long)result[0] == 1, TimeSpan.FromMilliseconds((long)result[1]));
    }

    public async Task IncrementAsync(string series, DateTimeOffset at, long by = 1, CancellationToken cancellationToken = default)
    {
        var key = CounterKey(series, Minutes.Floor(at));
        var batch = Db.CreateBatch();
        var increment = batch.StringIncrementAsync(key, by);
        var expire = batch.KeyExpireAsync(key, CounterRetention);
        batch.Execute();
        await Task.WhenAll(increment, expire);
    }

    public async Task<IReadOnlyList<CounterPoint>> GetAsync(string series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var minutes = Minutes.Range(from, to).Take(Minutes.MaxRange).ToList();
        if (minutes.Count == 0)
        {
            return [];
        }

        var values = await Db.StringGetAsync(minutes.Select(m => CounterKey(series, m)).ToArray());
        return minutes.Select((m, i) => new CounterPoint(m, values[i].IsNull ? 0 : (long)values[i])).ToList();
    }

    private RedisKey CounterKey(string series, DateTimeOffset minute) =>
        Key("count", $"{series}:{minute.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");

    private static string Holder(Lease lease) => $"{lease.Owner}|{lease.FencingToken.ToString(CultureInfo.InvariantCulture)}";

    private RedisKey Key(string kind, string name) => $"{keyPrefix}{kind}:{name}";
}
