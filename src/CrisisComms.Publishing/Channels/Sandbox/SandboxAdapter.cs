using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Channels.Sandbox;

/// <summary>A post the sandbox "published": what would have gone out, shown in the console.</summary>
internal sealed class SandboxPost
{
    public Guid Id { get; set; }

    public Guid PostId { get; set; }

    public Guid IncidentId { get; set; }

    public required string Channel { get; set; }

    public required string Text { get; set; }

    public required string IdempotencyKey { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
}

/// <summary>
/// The default for every external channel without an account (always, when embedded): records the post
/// instead of calling an API, so a newcomer sees the whole flow without credentials. It behaves like a
/// channel — its records are unique per post and channel, and it can be asked what it took.
/// </summary>
internal sealed class SandboxAdapter(PublishingDbContext db, TimeProvider time)
{
    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        if (await FindAsync(post, cancellationToken) is { } existing)
        {
            return ChannelOutcome.Posted(existing.Id.ToString("N"), Url(existing.Id));
        }

        var record = new SandboxPost
        {
            Id = Guid.CreateVersion7(),
            PostId = post.PostId,
            IncidentId = post.IncidentId,
            Channel = post.Channel,
            Text = post.Thread is { Count: > 1 } thread ? string.Join("\n\n", thread) : post.Text,
            IdempotencyKey = post.IdempotencyKey,
            PostedAt = time.GetUtcNow(),
        };
        db.SandboxPosts.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return ChannelOutcome.Posted(record.Id.ToString("N"), Url(record.Id));
    }

    public async Task<Lookup> LookUpAsync(ChannelPost post, CancellationToken cancellationToken) =>
        await FindAsync(post, cancellationToken) is { } found ? Lookup.Yes(found.Id.ToString("N"), Url(found.Id)) : Lookup.No;

    public async Task<ChannelOutcome> WithdrawAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        if (ChannelNames.WhyNotWithdrawable(post.Channel) is { } why)
        {
            return ChannelOutcome.Refused($"{post.Channel}: {why}");
        }

        await db.SandboxPosts.Where(p => p.IdempotencyKey == post.IdempotencyKey && p.WithdrawnAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.WithdrawnAt, time.GetUtcNow()), cancellationToken);
        return ChannelOutcome.Posted(post.PostId.ToString("N"), null);
    }

    private Task<SandboxPost?> FindAsync(ChannelPost post, CancellationToken cancellationToken) =>
        db.SandboxPosts.AsNoTracking().FirstOrDefaultAsync(p => p.IdempotencyKey == post.IdempotencyKey, cancellationToken);

    private static string Url(Guid id) => $"/api/v1/publishing/sandbox/{id}";
}
