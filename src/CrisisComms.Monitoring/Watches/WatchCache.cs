using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Watches;

/// <summary>A watch as matching needs it.</summary>
internal sealed record WatchSnapshot(Guid Id, Guid? IncidentId, string Term, DateTimeOffset StartedAt)
{
    public bool IsHashtag => Term.StartsWith('#') || Term.StartsWith('＃');

    /// <summary>The tag as mentions' tags are stored (no '#', lower case), for a hashtag watch.</summary>
    public string Tag { get; } = MentionHashtags.Normalise(Term);
}

/// <summary>
/// The active watches, read at most every few seconds per process (a burst must not ask the database
/// for them once per mention); a watch started or stopped here is seen at once, elsewhere within seconds.
/// </summary>
internal sealed class WatchCache(TimeProvider time)
{
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);
    private (IReadOnlyList<WatchSnapshot> Watches, DateTimeOffset ReadAt)? _cached;
    private long _uncachedUntilTicks;

    public async Task<IReadOnlyList<WatchSnapshot>> ActiveAsync(MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now - cached.ReadAt < Freshness && now >= cached.ReadAt && now.UtcTicks >= Interlocked.Read(ref _uncachedUntilTicks))
        {
            return cached.Watches;
        }

        var watches = await db.Watches.AsNoTracking().Where(w => w.Active)
            .Select(w => new WatchSnapshot(w.Id, w.IncidentId, w.Term, w.StartedAt))
            .ToListAsync(cancellationToken);
        _cached = (watches, now);
        return watches;
    }

    /// <summary>A watch changed here: read afresh for the next moments (until the change has surely committed).</summary>
    public void Invalidate()
    {
        Interlocked.Exchange(ref _uncachedUntilTicks, (time.GetUtcNow() + TimeSpan.FromSeconds(2)).UtcTicks);
        _cached = null;
    }
}

/// <summary>Which watch a mention belongs to: a hashtag watch by the mention's tags, a keyword watch by whole words.</summary>
internal static class WatchMatching
{
    /// <summary>
    /// The best matching watch: the one the source was searching for if it matches, else one linked to an
    /// incident, else the most recently started.
    /// </summary>
    public static WatchSnapshot? Best(IReadOnlyList<WatchSnapshot> watches, string text, IReadOnlyList<string> tags, string? searchedFor)
    {
        WatchSnapshot? best = null;
        foreach (var watch in watches)
        {
            if (!Matches(watch, text, tags))
            {
                continue;
            }

            if (searchedFor is not null && string.Equals(watch.Term, searchedFor, StringComparison.OrdinalIgnoreCase))
            {
                return watch;
            }

            if (best is null
                || (best.IncidentId is null && watch.IncidentId is not null)
                || ((best.IncidentId is null) == (watch.IncidentId is null) && watch.StartedAt > best.StartedAt))
            {
                best = watch;
            }
        }

        return best;
    }

    public static bool Matches(WatchSnapshot watch, string text, IReadOnlyList<string> tags) =>
        watch.IsHashtag ? tags.Contains(watch.Tag, StringComparer.Ordinal) : ContainsWord(text, watch.Term.Trim());

    /// <summary>Case-insensitive, and only as whole words: "flood" is not found in "floodlight".</summary>
    public static bool ContainsWord(string text, string phrase)
    {
        if (phrase.Length == 0)
        {
            return false;
        }

        for (var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(phrase, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + phrase.Length;
            var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var endsWord = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (startsWord && endsWord)
            {
                return true;
            }
        }

        return false;
    }
}
