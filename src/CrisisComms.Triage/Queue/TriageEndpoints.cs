using CrisisComms.Platform.Http;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Scoring;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Triage.Queue;

internal sealed record TriageItemResponse(
    Guid Id, Guid MentionId, Guid? IncidentId, string Channel, string Author, string Text, Verdict Verdict, Priority Priority,
    IReadOnlyList<string> Reasons, ItemStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? Deadline, DateTimeOffset? BreachedAt, string? Outcome)
{
    public static TriageItemResponse From(TriageItem i) => new(
        i.Id, i.MentionId, i.IncidentId, i.Channel, i.Author, i.Text, i.Verdict, i.Priority,
        i.Reasons.Split('\n', StringSplitOptions.RemoveEmptyEntries), i.Status, i.CreatedAt, i.Deadline, i.BreachedAt, i.Outcome);
}

internal sealed record ResolveRequest(string? Outcome);

internal static class TriageEndpoints
{
    private static readonly string[] Outcomes = ["replied", "no action", "referred to partner", "escalated"];

    public static void MapTriageQueue(this IEndpointRouteBuilder app)
    {
        var items = app.MapGroup("/api/v1/triage/items").WithTags("Triage").RequireAuthorization(Policies.Staff);
        items.MapGet("/", ListAsync).WithName("ListTriageItems")
            .WithSummary("The queue: open items by priority, then deadline.");
        items.MapGet("/{id:guid}", GetAsync).WithName("GetTriageItem");
        items.MapPost("/{id:guid}/resolve", ResolveAsync).WithName("ResolveTriageItem");
    }

    internal static async Task<Ok<List<TriageItemResponse>>> ListAsync(ItemStatus? status, Guid? incidentId, TriageDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Items.AsNoTracking().Where(i => i.Status == (status ?? ItemStatus.Open));
        if (incidentId is { } incident)
        {
            query = query.Where(i => i.IncidentId == incident);
        }

        var items = await query.OrderBy(i => i.Priority).ThenBy(i => i.Deadline).ThenBy(i => i.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(items.Select(TriageItemResponse.From).ToList());
    }

    internal static async Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> GetAsync(Guid id, TriageDbContext db, CancellationToken cancellationToken)
    {
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return item is null ? ApiProblems.NotFound("Triage item", id) : TypedResults.Ok(TriageItemResponse.From(item));
    }

    internal static async Task<Results<Ok<TriageItemResponse>, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolveRequest request, TriageDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Outcome is null || !Outcomes.Contains(request.Outcome))
        {
            return ApiProblems.Validation("outcome", $"must be one of: {string.Join(", ", Outcomes)}");
        }

        var item = await db.Items.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return ApiProblems.NotFound("Triage item", id);
        }

        if (item.Status == ItemStatus.Open)
        {
            item.Status = ItemStatus.Resolved;
            item.Outcome = request.Outcome;
            item.ResolvedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(TriageItemResponse.From(item));
    }
}
