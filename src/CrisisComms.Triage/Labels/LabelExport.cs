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
    /// <summary>The datasets' columns, then where the mention came from (its kind and source), which says the channel the lab trains it in.</summary>
    public const string Header = "id,text,label_needs_response,priority,category,triage_class,event,kind,source";

    public static void MapTriageLabels(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/triage/labels.csv", ExportAsync).WithTags("Triage").RequireAuthorization(Policies.Staff)
            .WithName("ExportTriageLabels")
            .WithSummary("Officers' decisions as training labels (id, text, label_needs_response, priority, category = outcome, triage_class, event = incident, kind and source of the first mention).");

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

        // The item's first mention says how it came (an SMS, a reply, a news feed item): the model reads
        // words per channel, so a label without it would train as a public post.
        var labels = await (
            from l in query
            join i in db.Items on l.ItemId equals i.Id into items
            from i in items.DefaultIfEmpty()
            join m in db.Mentions on i.MentionId equals m.MentionId into mentions
            from m in mentions.DefaultIfEmpty()
            orderby l.DecidedAt
            select new { Label = l, Kind = m == null ? null : m.Kind, Source = m == null ? null : m.Source })
            .ToListAsync(cancellationToken);
        var csv = new StringBuilder(Header).Append("\r\n");
        foreach (var (l, kind, source) in labels.Select(x => (x.Label, x.Kind, x.Source)))
        {
            csv.Append(l.Id.ToString()).Append(',')
                .Append(Quote(l.Text)).Append(',')
                .Append(l.NeedsResponse ? '1' : '0').Append(',')
                .Append(l.Priority.ToString()).Append(',')
                .Append(Quote(l.Outcome)).Append(',')
                .Append(ItemPicture.JudgementOf(l.Verdict)).Append(',')
                .Append(l.IncidentId?.ToString() ?? "no-incident").Append(',')
                .Append(Quote(kind ?? string.Empty)).Append(',')
                .Append(Quote(source ?? string.Empty)).Append("\r\n");
        }

        var name = $"triage-labels-{DateTime.UtcNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture)}.csv";
        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name);
    }

    /// <summary>RFC 4180: quoted, quotes doubled (texts hold commas and line breaks).</summary>
    public static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
