using CrisisComms.Platform.Http;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Channels.Sandbox;

internal sealed record SandboxPostResponse(Guid Id, Guid PostId, Guid IncidentId, string Channel, string Text, DateTimeOffset PostedAt, DateTimeOffset? WithdrawnAt)
{
    public static SandboxPostResponse From(SandboxPost p) => new(p.Id, p.PostId, p.IncidentId, p.Channel, p.Text, p.PostedAt, p.WithdrawnAt);
}

internal static class SandboxEndpoints
{
    public static void MapSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/api/v1/publishing/sandbox").WithTags("Publishing").RequireAuthorization(Policies.Staff);
        sandbox.MapGet("/", ListAsync).WithName("ListSandboxPosts")
            .WithSummary("What the sandbox channels would have posted, newest first.");
        sandbox.MapGet("/{id:guid}", GetAsync).WithName("GetSandboxPost");
    }

    internal static async Task<Ok<List<SandboxPostResponse>>> ListAsync(
        Guid? incidentId, int? limit, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var query = db.SandboxPosts.AsNoTracking();
        if (incidentId is { } id)
        {
            query = query.Where(p => p.IncidentId == id);
        }

        var posts = await query.OrderByDescending(p => p.PostedAt).Take(Math.Clamp(limit ?? 200, 1, 5000)).ToListAsync(cancellationToken);
        return TypedResults.Ok(posts.Select(SandboxPostResponse.From).ToList());
    }

    internal static async Task<Results<Ok<SandboxPostResponse>, ProblemHttpResult>> GetAsync(Guid id, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var post = await db.SandboxPosts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return post is null ? ApiProblems.NotFound("Sandbox post", id) : TypedResults.Ok(SandboxPostResponse.From(post));
    }
}
