using CrisisComms.Platform.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Mentions;

/// <summary>
/// The fast "seen it?" in front of the database's unique key (Redis in production). Redis is never the
/// last word: a claim only spares the database a look-up, so a lost or wrong answer costs time, never a
/// duplicate or a lost mention. While Redis fails, it is left alone for a short while and the database
/// decides alone (slower, not wrong).
/// </summary>
internal sealed partial class MentionDedupe(IDedupeStore store, IOptions<MonitoringOptions> options, TimeProvider time, ILogger<MentionDedupe> logger)
{
    private static readonly TimeSpan OpenFor = TimeSpan.FromSeconds(15);
    private long _closedAfterTicks;

    public static string Key(string channel, string nativeId) => $"mention:{channel}:{nativeId}";

    public static string DeliveryKey(string provider, string deliveryId) => $"delivery:{provider}:{deliveryId}";

    /// <summary>The native ids this call claimed first (new to Redis); null when Redis could not be asked.</summary>
    public async Task<HashSet<string>?> ClaimAsync(string channel, IReadOnlyCollection<string> nativeIds, CancellationToken cancellationToken)
    {
        if (nativeIds.Count == 0 || !Available)
        {
            return nativeIds.Count == 0 ? [] : null;
        }

        try
        {
            // A page or a delivery is claimed in one round trip, however many mentions it holds.
            var ids = nativeIds.ToList();
            var claims = await store.TryClaimManyAsync(ids.ConvertAll(id => Key(channel, id)), options.Value.DedupeWindow, cancellationToken);
            return ids.Where((_, i) => claims[i]).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Trip(e);
            return null;
        }
    }

    /// <summary>Forgets claims whose mentions were not stored after all (so a retry is not mistaken for a duplicate).</summary>
    public async Task ReleaseAsync(string channel, IEnumerable<string> nativeIds)
    {
        if (!Available)
        {
            return;
        }

        try
        {
            await store.ReleaseManyAsync(nativeIds.Select(id => Key(channel, id)).ToList(), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Trip(e);
        }
    }

    /// <summary>
    /// Whether a webhook delivery was already handled (replay). Only checks: the delivery is marked handled
    /// once its mentions are safely on the bus (<see cref="MarkDeliveredAsync"/>), so a crash in between never
    /// makes a retry look like a replay. Null when Redis could not be asked.
    /// </summary>
    public async Task<bool?> DeliveredAsync(string provider, string deliveryId, CancellationToken cancellationToken)
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            return await store.IsClaimedAsync(DeliveryKey(provider, deliveryId), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Trip(e);
            return null;
        }
    }

    public async Task MarkDeliveredAsync(string provider, string deliveryId, CancellationToken cancellationToken)
    {
        if (!Available)
        {
            return;
        }

        try
        {
            await store.TryClaimAsync(DeliveryKey(provider, deliveryId), options.Value.ReplayWindow, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Trip(e);
        }
    }

    private bool Available => time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _closedAfterTicks);

    private void Trip(Exception e)
    {
        Interlocked.Exchange(ref _closedAfterTicks, (time.GetUtcNow() + OpenFor).UtcTicks);
        LogDedupeUnavailable(OpenFor, e.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dedupe store unavailable ({Error}); the database alone decides what is new for the next {Pause}")]
    private partial void LogDedupeUnavailable(TimeSpan pause, string error);
}
