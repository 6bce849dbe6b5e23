using System.Text.RegularExpressions;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Watches;

/// <summary>
/// Answers drafting before it issues a tag: how often the tag appeared in what we heard recently,
/// from how many accounts, who used it most, and whether we already watch it.
/// </summary>
[ReadOnlyConsumer]
internal sealed class HashtagUsageQuery(MonitoringDbContext db, TimeProvider time) : IConsumer<CheckHashtagUsage>
{
    private const int MaxScanned = 20_000;

    public async Task Consume(ConsumeContext<CheckHashtagUsage> context)
    {
        var tag = context.Message.Hashtag.Trim();
        var days = Math.Clamp(context.Message.Days, 1, 90);
        var since = time.GetUtcNow().AddDays(-days);
        var lower = tag.ToLowerInvariant();

        var candidates = await db.Mentions.AsNoTracking()
            .Where(m => m.PostedAt >= since && m.Text.ToLower().Contains(lower))
            .OrderByDescending(m => m.PostedAt)
            .Take(MaxScanned)
            .Select(m => new { m.Author, m.PostedAt, m.Text })
            .ToListAsync(context.CancellationToken);

        // "#DCCFlood" must not count "#DCCFlooding": the tag ends where a hashtag would.
        var whole = new Regex($"{Regex.Escape(tag)}(?![\\p{{L}}\\p{{M}}\\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var uses = candidates.Where(c => whole.IsMatch(c.Text)).ToList();
        var watched = await db.Watches.AnyAsync(w => w.Active && w.Term.ToLower() == lower, context.CancellationToken);

        await context.RespondAsync(new HashtagUsage(
            tag,
            days,
            uses.Count,
            uses.Select(u => u.Author).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            uses.GroupBy(u => u.Author, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(5).Select(g => g.Key).ToList(),
            uses.Count == 0 ? null : uses.Min(u => u.PostedAt),
            uses.Count == 0 ? null : uses.Max(u => u.PostedAt),
            watched));
    }
}
