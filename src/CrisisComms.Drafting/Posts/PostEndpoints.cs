using CrisisComms.Drafting.Persistence;
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

internal static class PostEndpoints
{
    public static void MapPosts(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/v1/posts").WithTags("Posts").RequireAuthorization(Policies.Staff);
        posts.MapGet("/{id:guid}", GetAsync).WithName("GetPost");
        posts.MapGet("/", ListAsync).WithName("ListPosts");
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
