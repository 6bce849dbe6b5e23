using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Sources;

/// <summary>An account as a webhook delivery needs it: the row, its settings and decrypted credentials.</summary>
internal sealed record CachedAccount(SourceAccount Account, SourceAccountView View);

/// <summary>
/// Webhook accounts read at most every <see cref="MonitoringOptions.AccountCacheFor"/> per process, so a burst
/// of deliveries does not ask the database (and decrypt the credentials) once per delivery. A change made on
/// this replica is seen at once; on another replica within that time — and a delivery whose signature fails
/// against the cached secret re-reads the account first (at most once a second), so a rotated app secret is
/// honoured at once everywhere.
/// </summary>
internal sealed class SourceAccountCache(IOptions<MonitoringOptions> options, TimeProvider time)
{
    /// <summary>How stale an entry may be before a failed signature check re-reads it.</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    // Unknown accounts are remembered too (Account null): deliveries to an unconnected webhook don't each ask the database.
    private readonly ConcurrentDictionary<string, (CachedAccount? Account, DateTimeOffset ReadAt)> _accounts = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>The account <paramref name="key"/> (null when never configured), read afresh when the cached one is older than <paramref name="maxAge"/> (default: the setting).</summary>
    public async Task<CachedAccount?> GetAsync(string key, SourceCatalog catalog, CancellationToken cancellationToken, TimeSpan? maxAge = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var now = time.GetUtcNow();
        var freshness = maxAge ?? options.Value.AccountCacheFor;
        if (freshness > TimeSpan.Zero && _accounts.TryGetValue(key, out var cached) && now - cached.ReadAt < freshness && now >= cached.ReadAt)
        {
            return cached.Account;
        }

        // Read under the generation seen before reading: a change saved meanwhile (Invalidate) must not be
        // overwritten by what was read before it.
        var generation = Interlocked.Read(ref _generation);
        var found = await catalog.AccountAsync(key, cancellationToken);
        var entry = found is { } f ? new CachedAccount(f.Account, f.View) : null;
        if (Interlocked.Read(ref _generation) == generation)
        {
            _accounts[key] = (entry, now);
        }

        return entry;
    }

    /// <summary>An account was changed here (settings, credentials, switched on or off): the next delivery reads it afresh.</summary>
    public void Invalidate(string key)
    {
        Interlocked.Increment(ref _generation);
        _accounts.TryRemove(key, out _);
    }
}
