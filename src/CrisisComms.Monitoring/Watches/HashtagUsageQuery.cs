using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Watches;

/// <summary>
/// Answers drafting before it issues a tag: how many stored mentions carried the tag in the last days
/// (each mention once, the tag matched exactly as X matches tags: case-insensitive, whole tag), from how
/// many people, who used it most, when first and last, and whether we already watch it. Counted in the
/// database over every stored mention's extracted hashtags — no sampling, no text search.
/// </summary>
[ReadOnlyConsumer]
internal sealed class HashtagUsageQuery(MonitoringDbContext db, TimeProvider time) : IConsumer<CheckHashtagUsage>
{
    private const int TopAuthors = 5;

    public async Task Consume(ConsumeContext<CheckHashtagUsage> context)
    {
        var usage = await LookUpAsync(context.Message, context.CancellationToken);
        await context.RespondAsync(usage);
    }

    internal async Task<HashtagUsage> LookUpAsync(CheckHashtagUsage request, CancellationToken cancellationToken)
    {
        var hashtag = request.Hashtag.Trim();
        var tag = MentionHashtags.Normalise(hashtag);
        var days = Math.Clamp(request.Days, 1, 90);
        var since = time.GetUtcNow().AddDays(-days);
        var uses = db.MentionTags.AsNoTracking().Where(t => t.Tag == tag && t.PostedAt >= since);

        var mentions = await uses.CountAsync(cancellationToken);
        var authors = await uses.Select(t => t.AuthorKey).Distinct().CountAsync(cancellationToken);
        var top = await uses.GroupBy(t => t.AuthorKey)
            .Select(g => new { g.Key, Count = g.Count(), Name = g.Max(t => t.AuthorName) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Key)
            .Take(TopAuthors)
            .ToListAsync(cancellationToken);
        var first = mentions == 0 ? null : await uses.MinAsync(t => (DateTimeOffset?)t.PostedAt, cancellationToken);
        var last = mentions == 0 ? null : await uses.MaxAsync(t => (DateTimeOffset?)t.PostedAt, cancellationToken);
        var active = await db.Watches.AsNoTracking().Where(w => w.Active).Select(w => w.Term).ToListAsync(cancellationToken);
        var watched = active.Any(term => MentionHashtags.Normalise(term) == tag);

        return new HashtagUsage(hashtag, days, mentions, authors, top.Select(a => a.Name ?? a.Key).ToList(), first, last, watched);
    }
}
