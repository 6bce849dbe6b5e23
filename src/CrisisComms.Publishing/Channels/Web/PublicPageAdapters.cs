using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Publishing.Public;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Channels.Web;

/// <summary>
/// Our own channels: the public incident page with its RSS/Atom feeds (web) and the CAP 1.2 feed (cap).
/// Publishing is a row in our own database, keyed by post, so it can never happen twice; they need no
/// account and are never sandboxed.
/// </summary>
internal abstract class PublicPageAdapter(PublishingDbContext db, TimeProvider time) : IChannelAdapter
{
    public abstract string Channel { get; }

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        if (Channel == ChannelNames.Cap && string.IsNullOrEmpty(post.CapXml))
        {
            return ChannelOutcome.Refused("cap: the command carries no CAP alert");
        }

        if (!await db.PublicEntries.AnyAsync(e => e.PostId == post.PostId && e.Channel == Channel, cancellationToken))
        {
            db.PublicEntries.Add(new PublicEntry
            {
                PostId = post.PostId,
                Channel = Channel,
                IncidentId = post.IncidentId,
                Kind = post.Kind ?? "Initial",
                Headline = post.Subject ?? post.Text.Split('\n')[0],
                Text = post.Text,
                Html = post.Html,
                CapXml = post.CapXml,
                CapIdentifier = Channel == ChannelNames.Cap ? $"crisiscomms-{post.PostId:N}" : null,
                PublishedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return ChannelOutcome.Posted(post.PostId.ToString("N"), Channel == ChannelNames.Cap ? $"/public/cap/crisiscomms-{post.PostId:N}.xml" : $"/public/incidents/{post.IncidentId}#post-{post.PostId:N}");
    }

    public async Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken) =>
        await db.PublicEntries.AnyAsync(e => e.PostId == post.PostId && e.Channel == Channel, cancellationToken)
            ? Lookup.Yes(post.PostId.ToString("N"), null)
            : Lookup.No;

    /// <summary>
    /// The page keeps a withdrawn post's place with a notice (readers who saw it learn it no longer
    /// stands) and drops it from the feeds. CAP is cancelled by a Cancel message instead.
    /// </summary>
    public async Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        if (ChannelNames.WhyNotWithdrawable(Channel) is { } why)
        {
            return ChannelOutcome.Refused($"{Channel}: {why}");
        }

        await db.PublicEntries.Where(e => e.PostId == post.PostId && e.Channel == Channel && e.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.WithdrawnAt, time.GetUtcNow()), cancellationToken);
        return ChannelOutcome.Posted(post.PostId.ToString("N"), null);
    }
}

internal sealed class WebPageAdapter(PublishingDbContext db, TimeProvider time) : PublicPageAdapter(db, time)
{
    public override string Channel => ChannelNames.Web;
}

internal sealed class CapFeedAdapter(PublishingDbContext db, TimeProvider time) : PublicPageAdapter(db, time)
{
    public override string Channel => ChannelNames.Cap;
}
