using System.Globalization;
using System.Text;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using CsvHelper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Drafting.Audit;

internal sealed record AuditLine(long Sequence, DateTimeOffset At, string ActorId, string ActorName, string Action, string Entity, string EntityId, Guid? IncidentId, string? Reason, string? Details, string PreviousHash, string Hash)
{
    public static AuditLine From(AuditEntry e) => new(e.Sequence, e.At, e.ActorId, e.ActorName, e.Action, e.Entity, e.EntityId, e.IncidentId, e.Reason, e.Details, e.PreviousHash, e.Hash);
}

/// <summary>Whether the chain holds: every entry's hash recomputes and links to the one before.</summary>
internal sealed record ChainCheck(bool Intact, long Entries, long? FirstBrokenSequence, string? Problem, string? LastHash);

internal sealed record FoiExport(Guid IncidentId, DateTimeOffset ExportedAt, string ExportedBy, ChainCheck Chain, IReadOnlyList<AuditLine> Entries);

internal static class AuditEndpoints
{
    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Approvers);
        audit.MapGet("/", ListAsync).WithName("ListAudit");
        audit.MapGet("/verify", VerifyAsync).WithName("VerifyAudit").WithSummary("Recompute the whole hash chain: any edited or removed entry shows.");
        audit.MapGet("/incidents/{id:guid}/export", ExportAsync).WithName("ExportIncidentAudit")
            .WithSummary("Freedom of Information export of an incident's audit trail, JSON or CSV (?format=csv), with the chain's hashes.");
    }

    internal static async Task<Ok<List<AuditLine>>> ListAsync(Guid? incidentId, long? after, int? limit, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var query = db.AuditEntries.AsNoTracking().Where(e => e.Sequence > (after ?? 0));
        if (incidentId is { } id)
        {
            query = query.Where(e => e.IncidentId == id);
        }

        var entries = await query.OrderBy(e => e.Sequence).Take(Math.Clamp(limit ?? 500, 1, 5000)).ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.Select(AuditLine.From).ToList());
    }

    internal static async Task<Ok<ChainCheck>> VerifyAsync(DraftingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await CheckChainAsync(db, cancellationToken));

    internal static async Task<Results<FileContentHttpResult, Ok<FoiExport>, ProblemHttpResult>> ExportAsync(
        Guid id, string? format, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (format is not (null or "json" or "csv"))
        {
            return ApiProblems.Validation("format", "is json or csv");
        }

        if (!await db.Incidents.AnyAsync(i => i.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("Incident", id);
        }

        // The export itself is on the record.
        await db.InTransactionAsync(async () =>
        {
            await audit.RecordAsync("audit.exported", "incident", id, id, "Freedom of Information export", new { format = format ?? "json" }, cancellationToken);
            return true;
        }, cancellationToken);

        var chain = await CheckChainAsync(db, cancellationToken);
        var entries = (await db.AuditEntries.AsNoTracking().Where(e => e.IncidentId == id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken))
            .Select(AuditLine.From).ToList();
        if (format == "csv")
        {
            await using var writer = new StringWriter(CultureInfo.InvariantCulture);
            await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                await csv.WriteRecordsAsync(entries, cancellationToken);
            }

            return TypedResults.File(Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", $"incident-{id}-audit.csv");
        }

        return TypedResults.Ok(new FoiExport(id, time.GetUtcNow(), user.Name, chain, entries));
    }

    /// <summary>Walks the whole log in order, in pages, recomputing each hash.</summary>
    public static async Task<ChainCheck> CheckChainAsync(DraftingDbContext db, CancellationToken cancellationToken)
    {
        var previous = AuditTrail.Genesis;
        long count = 0;
        long after = 0;
        while (true)
        {
            var page = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(1000).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                return new ChainCheck(true, count, null, null, count == 0 ? null : previous);
            }

            foreach (var entry in page)
            {
                if (entry.PreviousHash != previous)
                {
                    return new ChainCheck(false, count, entry.Sequence, "does not link to the entry before it (an entry was removed or changed)", previous);
                }

                if (AuditTrail.HashOf(entry) != entry.Hash)
                {
                    return new ChainCheck(false, count, entry.Sequence, "its content no longer matches its hash (it was edited)", previous);
                }

                previous = entry.Hash;
                count++;
                after = entry.Sequence;
            }
        }
    }
}
