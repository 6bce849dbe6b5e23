using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Drafting.Posts;

internal sealed record CreatePostRequest(Guid? IncidentId, string? Text, IReadOnlyList<string>? Channels);

internal sealed record PostChannelResponse(string Channel, ChannelStatus Status, string? ChannelPostId, string? Url, string? Error, DateTimeOffset UpdatedAt);

internal sealed record PostResponse(Guid Id, Guid IncidentId, string Text, DateTimeOffset CreatedAt, IReadOnlyList<PostChannelResponse> Channels)
{
    public static PostResponse From(Post p) => new(
        p.Id,
        p.IncidentId,
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
        posts.MapPost("/", CreateAsync).WithName("CreatePost");
        posts.MapGet("/{id:guid}", GetAsync).WithName("GetPost");
        posts.MapGet("/", ListAsync).WithName("ListPosts");
    }

    /// <summary>
    /// Sends a post to its channels: one <see cref="PublishToChannel"/> per channel, through the outbox,
    /// in the same transaction as the post itself.
    /// </summary>
    internal static async Task<Results<Created<PostResponse>, ProblemHttpResult>> CreateAsync(
        CreatePostRequest request,
        DraftingDbContext db,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.IncidentId is null)
        {
            errors["incidentId"] = ["is required"];
        }

        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > 10_000)
        {
            errors["text"] = ["is required, at most 10,000 characters"];
        }

        var channels = (request.Channels ?? []).Select(c => c.Trim().ToLowerInvariant()).Distinct().ToList();
        if (channels.Count == 0)
        {
            errors["channels"] = [$"name at least one of {string.Join(", ", ChannelNames.All)}"];
        }
        else if (channels.FirstOrDefault(c => !ChannelNames.All.Contains(c)) is { } unknown)
        {
            errors["channels"] = [$"'{unknown}' is not one of {string.Join(", ", ChannelNames.All)}"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == request.IncidentId, cancellationToken);
        if (incident is null)
        {
            return ApiProblems.NotFound("Incident", request.IncidentId!);
        }

        if (incident.Status == IncidentStatus.Closed)
        {
            return ApiProblems.Conflict("incident-closed", "The incident is closed.", $"Incident {incident.Id} was closed at {incident.ClosedAt:u}; reopen it or open a new one.");
        }

        var now = time.GetUtcNow();
        var post = new Post
        {
            Id = Guid.CreateVersion7(),
            IncidentId = incident.Id,
            Text = request.Text!.Trim(),
            CreatedAt = now,
            Channels = channels.Select(c => new PostChannel { Channel = c, Status = ChannelStatus.Pending, UpdatedAt = now }).ToList(),
        };
        db.Posts.Add(post);
        foreach (var channel in post.Channels)
        {
            db.Outbox.Publish(new PublishToChannel(post.Id, incident.Id, channel.Channel, post.Text, PostChannel.IdempotencyKey(post.Id, channel.Channel)));
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/posts/{post.Id}", PostResponse.From(post));
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
