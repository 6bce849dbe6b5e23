using System.Globalization;
using System.Text;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Queue;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Triage.Labels;

/// <summary>
/// The officers' decisions as a labelled CSV in the datasets' own columns, so the next model trains on
/// them directly: <c>TriageLab train --data labels.csv --data …</c>.
/// </summary>
internal static class LabelExport
{
    public const string Header = "id,text,label_needs_response,priority,category,triage_class,event";

    public static void MapTriageLabels(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/triage/labels.csv", ExportAsync).WithTags("Triage").RequireAuthorization(Policies.Staff)
            .WithName("ExportTriageLabels")
            .WithSummary("Officers' decisions as training labels (id, text, label_needs_response, priority, category = outcome, triage_class, event = incident).");

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(DateTimeOffset? since, DateTimeOffset? until, TriageDbContext db, CancellationToken cancellationToken)
    {
        if (since is { } from && until is { } to && to < from)
        {
            return ApiProblems.Validation("until", "is before since");
        }

        var query = db.Labels.AsNoTracking();
        if (since is { } s)
        {
            query = query.Where(l => l.DecidedAt >= s);
        }

        if (until is { } u)
        {
            query = query.Where(l => l.DecidedAt < u);
        }

        var labels = await query.OrderBy(l => l.DecidedAt).ToListAsync(cancellationToken);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var l in labels)
        {
            csv.Append(l.Id.ToString()).Append(',')
                .Append(Quote(l.Text)).Append(',')
                .Append(l.NeedsResponse ? '1' : '0').Append(',')
                .Append(l.Priority.ToString()).Append(',')
                .Append(Quote(l.Outcome)).Append(',')
                .Append(ItemPicture.JudgementOf(l.Verdict)).Append(',')
                .Append(l.IncidentId?.ToString() ?? "no-incident").Append("\r\n");
        }

        var name = $"triage-labels-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name);
    }

    /// <summary>RFC 4180: quoted, quotes doubled (texts hold commas and line breaks).</summary>
    public static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
