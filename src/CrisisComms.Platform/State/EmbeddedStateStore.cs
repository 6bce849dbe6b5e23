using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace CrisisComms.Platform.State;

/// <summary>
/// The state stores for one process on embedded infrastructure: dedupe, leases and rate limits in
/// memory (one process holds them all), cursors and counters in a SQLite file so they survive a restart.
/// </summary>
public sealed class EmbeddedStateStore : IDedupeStore, ICursorStore, ILeaseLock, IRateLimiter, ICounterStore
{
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claims = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Lease Lease, long Fence)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _fences = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly Lazy<Task> _schema;

    public EmbeddedStateStore(string sqliteFile, TimeProvider time)
    {
        _time = time;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = sqliteFile, DefaultTimeout = 30, Pooling = true }.ToString();
        _schema = new Lazy<Task>(CreateSchemaAsync);
    }

    public Task<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var claimed = false;
        _claims.AddOrUpdate(
            key,
            _ => { claimed = true; return now + ttl; },
            (_, expiry) =>
            {
                if (expiry > now)
                {
                    return expiry;
                }

                claimed = true;
                return now + ttl;
            });
        if (_claims.Count > 100_000)
        {
            Sweep(now);
        }

        return Task.FromResult(claimed);
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        _claims.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task<bool> IsClaimedAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(_claims.TryGetValue(key, out var expiry) && expiry > _time.GetUtcNow());

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM cursors WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO cursors(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_leases.TryGetValue(name, out var held) && held.Lease.ExpiresAt > now && held.Lease.Owner != owner)
            {
                return Task.FromResult<Lease?>(null);
            }

            long fence;
            if (_leases.TryGetValue(name, out held) && held.Lease.ExpiresAt > now)
            {
                fence = held.Fence;
            }
            else
            {
                fence = _fences.GetValueOrDefault(name) + 1;
                _fences[name] = fence;
            }

            var lease = new Lease(name, owner, fence, now + ttl);
            _leases[name] = (lease, fence);
            return Task.FromResult<Lease?>(lease);
        }
    }

    public Task<Lease?> RenewAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.Name, out var held) && held.Lease.ExpiresAt > now
                && held.Lease.Owner == lease.Owner && held.Fence == lease.FencingToken)
            {
                var renewed = lease with { ExpiresAt = now + ttl };
                _leases[lease.Name] = (renewed, held.Fence);
                return Task.FromResult<Lease?>(renewed);
            }

            return Task.FromResult<Lease?>(null);
        }
    }

    public Task ReleaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            if (_leases.TryGetValue(lease.Name, out var held) && held.Lease.Owner == lease.Owner && held.Fence == lease.FencingToken)
            {
                _leases.Remove(lease.Name);
            }
        }

        return Task.CompletedTask;
    }

    public Task<RateLimitDecision> TryTakeAsync(string bucket, TokenBucketPolicy policy, int tokens = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var now = _time.GetUtcNow();
        RateLimitDecision decision = default;
        _buckets.AddOrUpdate(
            bucket,
            _ => Take(policy.Capacity, now),
            (_, state) => Take(Math.Min(policy.Capacity, state.Tokens + (Math.Max(0, (now - state.At).TotalSeconds) * policy.RefillPerSecond)), now));
        return Task.FromResult(decision);

        (double, DateTimeOffset) Take(double available, DateTimeOffset at)
        {
            if (available >= tokens)
            {
                decision = new RateLimitDecision(true, TimeSpan.Zero);
                return (available - tokens, at);
            }

            decision = new RateLimitDecision(false, TimeSpan.FromSeconds(Math.Ceiling((tokens - available) / policy.RefillPerSecond * 1000) / 1000));
            return (available, at);
        }
    }

    public async Task IncrementAsync(string series, DateTimeOffset at, long by = 1, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO counters(series, minute, count) VALUES ($series, $minute, $by) ON CONFLICT(series, minute) DO UPDATE SET count = count + excluded.count";
        command.Parameters.AddWithValue("$series", series);
        command.Parameters.AddWithValue("$minute", Minutes.Floor(at).ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$by", by);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CounterPoint>> GetAsync(string series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        var minutes = Minutes.Range(from, to).Take(Minutes.MaxRange).ToList();
        if (minutes.Count == 0)
        {
            return [];
        }

        var counts = new Dictionary<long, long>();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT minute, count FROM counters WHERE series = $series AND minute BETWEEN $from AND $to";
        command.Parameters.AddWithValue("$series", series);
        command.Parameters.AddWithValue("$from", minutes[0].ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$to", minutes[^1].ToUnixTimeSeconds());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return minutes.Select(m => new CounterPoint(m, counts.GetValueOrDefault(m.ToUnixTimeSeconds()))).ToList();
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, expiry) in _claims)
        {
            if (expiry <= now)
            {
                _claims.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, expiry));
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await _schema.Value.WaitAsync(cancellationToken);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS counters (series TEXT NOT NULL, minute INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (series, minute));
            """;
        await command.ExecuteNonQueryAsync();
    }
}
