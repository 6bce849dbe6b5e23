using CrisisComms.Platform.Security;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Ledger;

internal sealed record LedgerEntryResponse(
    string IdempotencyKey, Guid PostId, Guid IncidentId, string Channel, LedgerStatus Status, string? ChannelPostId, string? Url, string? Error,
    int Attempts, bool Sandbox, DateTimeOffset? NextAttemptAt, IReadOnlyList<string> PartIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class LedgerEndpoints
{
    public static void MapLedger(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/publishing/ledger", ListAsync).WithTags("Publishing").WithName("ListLedger").RequireAuthorization(Policies.Staff)
            .WithSummary("The publish ledger: one row per (post, channel); filter by post, or by status (e.g. Unknown: posts in doubt for an officer).");
    }

    internal static async Task<Ok<List<LedgerEntryResponse>>> ListAsync(Guid? postId, LedgerStatus? status, string? channel, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Ledger.AsNoTracking();
        if (postId is { } post)
        {
            query = query.Where(e => e.PostId == post);
        }

        if (status is { } wanted)
        {
            query = query.Where(e => e.Status == wanted);
        }

        if (channel is not null)
        {
            query = query.Where(e => e.Channel == channel);
        }

        var rows = await query.OrderByDescending(e => e.UpdatedAt).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    public static LedgerEntryResponse View(LedgerEntry e) => new(
        e.IdempotencyKey, e.PostId, e.IncidentId, e.Channel, e.Status, e.ChannelPostId, e.Url, e.Error, e.Attempts, e.Sandbox, e.NextAttemptAt, e.PartIds, e.CreatedAt, e.UpdatedAt);
}
