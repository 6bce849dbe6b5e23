using CrisisComms.Publishing.Persistence;

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
}

/// <summary>
/// The embedded default for every channel: records the post instead of calling an API, so a newcomer
/// sees the whole flow without credentials. It writes in the consumer's own unit of work, so it posts
/// exactly once however often the command is delivered.
/// </summary>
internal sealed class SandboxAdapter(PublishingDbContext db, TimeProvider time) : IChannelAdapter
{
    public bool Handles(string channel) => true;

    public Task<ChannelOutcome> PublishAsync(ChannelPost post, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        db.SandboxPosts.Add(new SandboxPost
        {
            Id = id,
            PostId = post.PostId,
            IncidentId = post.IncidentId,
            Channel = post.Channel,
            Text = post.Text,
            IdempotencyKey = post.IdempotencyKey,
            PostedAt = time.GetUtcNow(),
        });
        return Task.FromResult(ChannelOutcome.Posted(id.ToString("N"), $"/api/v1/publishing/sandbox/{id}"));
    }
}
