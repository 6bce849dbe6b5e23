using CrisisComms.Publishing.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Ledger;

internal sealed record LedgerEntryResponse(
    string IdempotencyKey, Guid PostId, string Channel, LedgerStatus Status, string? ChannelPostId, string? Url, string? Error, int Attempts, DateTimeOffset UpdatedAt);

internal static class LedgerEndpoints
{
    public static void MapLedger(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/publishing/ledger", ListAsync).WithTags("Publishing").WithName("ListLedger")
            .WithSummary("The publish ledger of a post: one row per channel.")
            .RequireAuthorization(Policies.Staff);
    }

    internal static async Task<Ok<List<LedgerEntryResponse>>> ListAsync(Guid postId, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Ledger.AsNoTracking().Where(e => e.PostId == postId).OrderBy(e => e.Channel).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(e => new LedgerEntryResponse(
            e.IdempotencyKey, e.PostId, e.Channel, e.Status, e.ChannelPostId, e.Url, e.Error, e.Attempts, e.UpdatedAt)).ToList());
    }
}
