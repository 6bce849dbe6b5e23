using CrisisComms.Contracts.Triage;
using Microsoft.AspNetCore.Builder;
using CrisisComms.Web.Api;
using CrisisComms.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

internal sealed class ResolveForm
{
    public string? Outcome { get; init; }

    public string? Back { get; init; }
}

internal sealed class ReplyForm
{
    public string? Text { get; init; }

    public string? Back { get; init; }
}

internal sealed class BulkForm
{
    public Guid[]? Ids { get; init; }

    public string? Outcome { get; init; }

    public string? Back { get; init; }
}

/// <summary>The triage queue: most urgent first, with reasons; claim, reply (from a ready answer), snooze, resolve, and bulk resolve.</summary>
internal static class TriagePages
{
    public static void MapTriagePages(this RouteGroupBuilder console)
    {
        console.MapGet("/triage", QueueAsync);
        console.MapPost("/triage/{id:guid}/resolve", async (Guid id, [FromForm] ResolveForm form, PageKit page, TriageApi triage, CancellationToken ct) =>
            Ui.Outcome(page, await triage.ResolveAsync(id, form.Outcome ?? string.Empty, ct), Back(form.Back), $"Resolved: {form.Outcome}."));
        console.MapPost("/triage/{id:guid}/claim", async (Guid id, [FromForm] ResolveForm form, PageKit page, TriageApi triage, CancellationToken ct) =>
            Ui.Outcome(page, await triage.ClaimAsync(id, ct), Back(form.Back), "Claimed: it is yours while you work on it."));
        console.MapPost("/triage/{id:guid}/snooze", async (Guid id, [FromForm] ResolveForm form, PageKit page, TriageApi triage, CancellationToken ct) =>
            Ui.Outcome(page, await triage.SnoozeAsync(id, TimeSpan.FromMinutes(15), ct), Back(form.Back), "Snoozed for 15 minutes."));
        console.MapPost("/triage/{id:guid}/reply", async (Guid id, [FromForm] ReplyForm form, PageKit page, TriageApi triage, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(form.Text)
                ? page.Done(Back(form.Back), "Write the reply first.", "error")
                : Ui.Outcome(page, await triage.ReplyAsync(id, form.Text.Trim(), null, ct), Back(form.Back), "Reply sent to publishing: it goes out on the same channel, threaded."));
        console.MapPost("/triage/bulk", async ([FromForm] BulkForm form, PageKit page, TriageApi triage, CancellationToken ct) =>
        {
            if (form.Ids is not { Length: > 0 } ids || !TriageOutcomes.All.Contains(form.Outcome))
            {
                return page.Done(Back(form.Back), "Tick the items and choose an outcome.", "error");
            }

            var (done, refused) = await triage.ResolveManyAsync(ids, form.Outcome!, ct);
            return refused.Count == 0
                ? page.Done(Back(form.Back), $"Resolved {done} items: {form.Outcome}.")
                : page.Done(Back(form.Back), $"Resolved {done}; {refused.Count} refused: {refused[0]}", "error");
        });
    }

    private static string Back(string? back) => LocalPath(back, "/console/triage");

    private static async Task<IResult> QueueAsync(Guid? incidentId, PageKit page, TriageApi triage, CancellationToken ct)
    {
        var queue = await triage.QueueAsync(incidentId, ct);
        var templates = await triage.TemplatesAsync(ct);
        var readyAnswers = templates.Ok ? Join(templates.Value!, t => H($"<li><strong>{t.Name}</strong>: {t.Text}</li>")) : Empty;
        var back = incidentId is { } id ? $"/console/triage?incidentId={id}" : "/console/triage";
        if (!queue.Ok)
        {
            return page.Render("Triage", H($"<h1>Triage queue</h1>{Ui.Unavailable("The queue", queue.Refusal!)}"), live: "staff:triage");
        }

        // The most urgent hundred: a page of thousands helps nobody at 3 a.m. (filter by incident for more).
        var items = Join(queue.Value!.Take(100), item =>
        {
            var lifeSafety = item.LifeSafety;
            var reply = item.Suggested?.Text ?? string.Empty;
            var key = item.Id.ToString("N");
            return H($"""
                <article class="panel" aria-labelledby="item-{key}">
                <h3 id="item-{key}"><input type="checkbox" name="ids" value="{item.Id}" form="bulk" id="pick-{key}" aria-label="Select for bulk action"> {Ui.Priority(item.Priority)} · {item.Channel} · {item.Author}</h3>
                <p>{item.Text}</p>
                <p class="muted">Why: {string.Join("; ", item.Reasons)} · deadline {page.Clock.Time(item.Deadline)}{(item.Deadline is { } due && due < page.Clock.Now ? H($" <strong class=\"s-bad\">overdue</strong>") : Empty)}{(item.ClaimedBy is { } who ? H($" · claimed by {who}") : Empty)}{(item.ClusterSize is > 1 and var n ? H($" · {n} similar") : Empty)}</p>
                <div class="choices">
                {page.Button($"/console/triage/{item.Id}/claim", "Claim", "secondary", Hidden("back", back))}
                {page.Button($"/console/triage/{item.Id}/snooze", "Snooze 15 min", "secondary", Hidden("back", back))}
                {page.Form($"/console/triage/{item.Id}/resolve", H($"{Hidden("back", back)}<label for=\"outcome-{key}\">Outcome</label> <select id=\"outcome-{key}\" name=\"outcome\">{Join(TriageOutcomes.All, o => H($"<option>{o}</option>"))}</select> <button type=\"submit\">Resolve</button>"), "inline")}
                </div>
                <details{(lifeSafety ? Raw(" open") : Empty)}><summary>Reply on {item.Channel}</summary>
                {page.Form($"/console/triage/{item.Id}/reply", H($"{Hidden("back", back)}<div><label for=\"reply-{key}\">Reply</label><textarea id=\"reply-{key}\" name=\"text\" rows=\"3\">{reply}</textarea></div><p class=\"hint\">Ready answers (copy and edit): </p><ul class=\"hint\">{readyAnswers}</ul><div><button type=\"submit\">Send reply</button></div>"), "stack")}
                </details>
                </article>
                """);
        });
        var bulk = page.Form("/console/triage/bulk", H($"{Hidden("back", back)}<label for=\"bulk-outcome\">Resolve every ticked item as</label> <select id=\"bulk-outcome\" name=\"outcome\">{Join(TriageOutcomes.All, o => H($"<option>{o}</option>"))}</select> <button type=\"submit\">Resolve ticked</button>"), "inline", attributes: H($" id=\"bulk\""));
        return page.Render("Triage", H($"""
            <h1>Triage queue{(incidentId is null ? Empty : H($" <span class=\"muted\">(one incident — <a href=\"/console/triage\">all</a>)</span>"))}</h1>
            <p>Most urgent first, then by deadline. {bulk}</p>
            <section id="queue" data-live-region aria-labelledby="queue-h"><h2 id="queue-h">{queue.Value!.Count} open{(queue.Value!.Count > 100 ? " (the 100 most urgent shown)" : string.Empty)}</h2>
            {(queue.Value!.Count == 0 ? H($"<p>Nothing waiting.</p>") : items)}
            </section>
            """), live: "staff:triage");
    }
}
