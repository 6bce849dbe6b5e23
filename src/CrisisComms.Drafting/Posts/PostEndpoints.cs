using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Drafting.Posts;

internal sealed record PostChannelResponse(string Channel, ChannelStatus Status, string? ChannelPostId, string? Url, string? Error, DateTimeOffset UpdatedAt);

internal sealed record PostResponse(Guid Id, Guid IncidentId, Guid? DraftId, string Kind, string Headline, string Text, DateTimeOffset CreatedAt, IReadOnlyList<PostChannelResponse> Channels)
{
    public static PostResponse From(Post p) => new(
        p.Id,
        p.IncidentId,
        p.DraftId,
        p.Kind,
        p.Headline,
        p.Text,
        p.CreatedAt,
        p.Channels.OrderBy(c => c.Channel, StringComparer.Ordinal)
            .Select(c => new PostChannelResponse(c.Channel, c.Status, c.ChannelPostId, c.Url, c.Error, c.UpdatedAt))
            .ToList());
}

internal sealed record WithdrawPostRequest(string? Reason, IReadOnlyList<string>? Channels);

/// <summary>A channel the post could not be withdrawn from, and what to do instead.</summary>
internal sealed record NotWithdrawn(string Channel, string Reason);

internal sealed record WithdrawPostResponse(PostResponse Post, IReadOnlyList<string> Withdrawing, IReadOnlyList<NotWithdrawn> NotWithdrawn);

internal static class PostEndpoints
{
    public static void MapPosts(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/v1/posts").WithTags("Posts").RequireAuthorization(Policies.Staff);
        posts.MapGet("/{id:guid}", GetAsync).WithName("GetPost");
        posts.MapGet("/", ListAsync).WithName("ListPosts");
        posts.MapPost("/{id:guid}/withdraw", WithdrawAsync).WithName("WithdrawPost").WithIdempotency<DraftingDbContext>()
            .WithSummary("Take a post down from its channels (all, or those named), with a reason; logged. Texts, emails and CAP alerts cannot be recalled: send a correction or a retraction.");
    }

    internal static async Task<Results<Accepted<WithdrawPostResponse>, ProblemHttpResult>> WithdrawAsync(
        Guid id, WithdrawPostRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length < 10 || reason.Length > 500)
        {
            return ApiProblems.Validation("reason", "is required: why the post is coming down (10 to 500 characters)");
        }

        var post = await db.Posts.Include(p => p.Channels).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (post is null)
        {
            return ApiProblems.NotFound("Post", id);
        }

        var named = request.Channels?.Select(c => c.Trim().ToLowerInvariant()).Distinct().ToList();
        var strangers = named?.Where(c => post.Channels.All(pc => pc.Channel != c)).ToList() ?? [];
        if (strangers.Count > 0)
        {
            return ApiProblems.Validation("channels", $"the post was not sent on: {string.Join(", ", strangers)}");
        }

        var chosen = post.Channels.Where(c => named is null || named.Contains(c.Channel)).OrderBy(c => c.Channel, StringComparer.Ordinal).ToList();
        var refused = chosen.Where(c => ChannelNames.WhyNotWithdrawable(c.Channel) is not null)
            .Select(c => new NotWithdrawn(c.Channel, ChannelNames.WhyNotWithdrawable(c.Channel)!)).ToList();
        var withdrawing = chosen.Where(c => ChannelNames.WhyNotWithdrawable(c.Channel) is null && c.Status is not (ChannelStatus.Withdrawing or ChannelStatus.Withdrawn)).ToList();
        if (withdrawing.Count == 0 && refused.Count > 0 && chosen.All(c => ChannelNames.WhyNotWithdrawable(c.Channel) is not null))
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "not-withdrawable", "These channels cannot be withdrawn from.",
                string.Join("; ", refused.Select(r => $"{r.Channel}: {r.Reason}")));
        }

        var now = time.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            foreach (var channel in withdrawing)
            {
                channel.Status = ChannelStatus.Withdrawing;
                channel.UpdatedAt = now;
                db.Outbox.Publish(new WithdrawFromChannel(post.Id, post.IncidentId, channel.Channel, PostChannel.IdempotencyKey(post.Id, channel.Channel), reason, user.Name));
            }

            await audit.RecordAsync("post.withdraw-requested", "post", post.Id, post.IncidentId, reason,
                new { channels = withdrawing.Select(c => c.Channel), notWithdrawable = refused.Select(r => r.Channel) }, cancellationToken);
            return true;
        }, cancellationToken);

        return TypedResults.Accepted($"/api/v1/posts/{post.Id}", new WithdrawPostResponse(PostResponse.From(post), withdrawing.Select(c => c.Channel).ToList(), refused));
    }

    internal static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetAsync(Guid id, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var post = await db.Posts.AsNoTracking().Include(p => p.Channels).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return post is null ? ApiProblems.NotFound("Post", id) : TypedResults.Ok(PostResponse.From(post));
    }

    /// <summary>Posts of an incident, newest first, with each channel's status.</summary>
    internal static async Task<Ok<List<PostResponse>>> ListAsync(Guid incidentId, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var posts = await db.Posts.AsNoTracking().Include(p => p.Channels)
            .Where(p => p.IncidentId == incidentId)
            .OrderByDescending(p => p.CreatedAt)
            .Take(1000)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(posts.Select(PostResponse.From).ToList());
    }
}
