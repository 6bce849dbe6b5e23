using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Mentions;

internal sealed record SandboxMentionRequest(string? Channel, string? NativeId, string? Author, string? Text, DateTimeOffset? PostedAt)
{
    public string? Kind { get; init; }

    public string? AuthorId { get; init; }

    public string? InReplyToNativeId { get; init; }
}

internal sealed record MentionAccepted(Guid MentionId, bool Duplicate);

internal sealed record WatchResponse(Guid Id, Guid? IncidentId, string Term, bool Active, DateTimeOffset StartedAt, DateTimeOffset? StoppedAt);

internal static class MentionEndpoints
{
    public static void MapMentions(this IEndpointRouteBuilder app)
    {
        var monitoring = app.MapGroup("/api/v1/monitoring").WithTags("Monitoring").RequireAuthorization(Policies.Staff);
        monitoring.MapPost("/sandbox/mentions", AcceptSandboxAsync).WithName("AcceptSandboxMention")
            .WithSummary("The sandbox source: a mention as if a channel had delivered it (demo and tests).");
        monitoring.MapGet("/watches", ListWatchesAsync).WithName("ListWatches");
    }

    internal static async Task<Results<Accepted<MentionAccepted>, Ok<MentionAccepted>, ProblemHttpResult>> AcceptSandboxAsync(
        SandboxMentionRequest request, MentionStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "channel", request.Channel, 40);
        Require(errors, "nativeId", request.NativeId, MentionRules.MaxNativeId);
        Require(errors, "author", request.Author, MentionRules.MaxAuthor);
        if (request.Text is null || request.Text.Length > MentionRules.MaxText)
        {
            errors["text"] = ["is required, at most 20,000 characters"];
        }

        if (request.Kind is not null && !MentionKinds.All.Contains(request.Kind))
        {
            errors["kind"] = [$"is one of {string.Join(", ", MentionKinds.All.Order(StringComparer.Ordinal))}"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var channel = request.Channel!.Trim().ToLowerInvariant();
        var mention = new CapturedMention(request.NativeId!.Trim(), request.Author!.Trim(), request.Text!, request.PostedAt ?? time.GetUtcNow())
        {
            Kind = request.Kind ?? MentionKinds.Post,
            AuthorId = request.AuthorId,
            InReplyToNativeId = request.InReplyToNativeId,
        };
        var outcome = await store.StoreAsync("sandbox", channel, [mention], alongside: null, claimFirst: true, cancellationToken);
        if (outcome.Mentions is not [var stored])
        {
            return ApiProblems.Validation("text", outcome.Rejected.FirstOrDefault()?.Reason ?? "is not a mention that can be stored");
        }

        return stored.Duplicate
            ? TypedResults.Ok(new MentionAccepted(stored.MentionId, Duplicate: true))
            : TypedResults.Accepted((string?)null, new MentionAccepted(stored.MentionId, Duplicate: false));
    }

    internal static async Task<Ok<List<WatchResponse>>> ListWatchesAsync(MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var watches = await db.Watches.AsNoTracking().OrderByDescending(w => w.StartedAt).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(watches.Select(w => new WatchResponse(w.Id, w.IncidentId, w.Term, w.Active, w.StartedAt, w.StoppedAt)).ToList());
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > max)
        {
            errors[field] = [$"is required, at most {max} characters"];
        }
    }
}
