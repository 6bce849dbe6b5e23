using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.OnCall.Paging;

internal sealed record PageResponse(
    Guid Id, string Reason, Guid SubjectId, Guid? IncidentId, string Recipient, string Summary, DateTimeOffset SentAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    public static PageResponse From(Page p) => new(p.Id, p.Reason, p.SubjectId, p.IncidentId, p.Recipient, p.Summary, p.SentAt, p.AcknowledgedAt, p.AcknowledgedBy);
}

internal sealed record AcknowledgeRequest(string? By);

internal static class PageEndpoints
{
    public static void MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/api/v1/oncall/pages").WithTags("OnCall").RequireAuthorization(Policies.Staff);
        pages.MapGet("/", ListAsync).WithName("ListPages");
        pages.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).WithName("AcknowledgePage");
    }

    internal static async Task<Ok<List<PageResponse>>> ListAsync(OnCallDbContext db, CancellationToken cancellationToken)
    {
        var pages = await db.Pages.AsNoTracking().OrderByDescending(p => p.SentAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(pages.Select(PageResponse.From).ToList());
    }

    internal static async Task<Results<Ok<PageResponse>, ProblemHttpResult>> AcknowledgeAsync(
        Guid id, AcknowledgeRequest request, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.By) || request.By.Length > 200)
        {
            return ApiProblems.Validation("by", "is required: who acknowledges, at most 200 characters");
        }

        var page = await db.Pages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (page is null)
        {
            return ApiProblems.NotFound("Page", id);
        }

        if (page.AcknowledgedAt is null)
        {
            page.AcknowledgedAt = time.GetUtcNow();
            page.AcknowledgedBy = request.By.Trim();
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(PageResponse.From(page));
    }
}
