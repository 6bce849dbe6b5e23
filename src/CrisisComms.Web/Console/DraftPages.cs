using Microsoft.AspNetCore.Builder;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Api;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

internal sealed class ComposeForm
{
    public string? IncidentId { get; init; }

    public string? Kind { get; init; }

    public string? FollowsPostId { get; init; }

    public string? Headline { get; init; }

    public string? Body { get; init; }

    public string[]? Channels { get; init; }

    public string? Action { get; init; }
}

/// <summary>
/// Compose once for every channel (live per-channel previews, counters and risk verdicts from drafting's
/// preview), a draft's page (renderings, approval, break-glass, per-channel status), and the approval queue.
/// </summary>
internal static class DraftPages
{
    private static readonly string[] DefaultChannels = ["x", "facebook", "sms", "web", "cap"];

    public static void MapDraftPages(this RouteGroupBuilder console)
    {
        console.MapGet("/compose", ComposeAsync);
        console.MapPost("/compose", ComposeSubmitAsync);
        console.MapPost("/compose/preview", async ([FromForm] ComposeForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Results.Content((await PreviewAsync(drafting, ToInput(form), ct)).ToString(), "text/html; charset=utf-8"));
        console.MapGet("/drafts/{id:guid}", DraftAsync);
        console.MapPost("/drafts/{id:guid}/submit", async (Guid id, IFormCollection form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.SubmitAsync(id, ct), $"/console/drafts/{id}", "Submitted."));
        console.MapPost("/drafts/{id:guid}/approve", async (Guid id, IFormCollection form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.ApproveAsync(id, ct), $"/console/drafts/{id}", "Approved: publishing on every channel."));
        console.MapPost("/drafts/{id:guid}/reject", async (Guid id, [FromForm] ReasonForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.RejectAsync(id, form.Reason, ct), $"/console/drafts/{id}", "Sent back to the author."));
        console.MapPost("/drafts/{id:guid}/break-glass", async (Guid id, [FromForm] ReasonForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.BreakGlassAsync(id, form.Reason, ct), $"/console/drafts/{id}", "Published without approval (break-glass, logged)."));
        console.MapGet("/approvals", ApprovalsAsync);
    }

    private static DraftInput ToInput(ComposeForm form) => new(
        Guid.TryParse(form.IncidentId, out var incident) ? incident : null,
        string.IsNullOrEmpty(form.Kind) ? null : form.Kind,
        form.Headline,
        form.Body,
        form.Channels ?? [],
        Guid.TryParse(form.FollowsPostId, out var follows) ? follows : null);

    private static async Task<IResult> ComposeAsync(Guid? incidentId, string? template, PageKit page, DraftingApi drafting, WebDbContext db, CancellationToken ct)
    {
        string? headline = null, body = null;
        IReadOnlyCollection<string> channels = DefaultChannels;
        var templates = await drafting.TemplatesAsync(ct);
        if (template is not null && templates.Ok && templates.Value!.FirstOrDefault(t => t.Key == template) is { } chosen)
        {
            (headline, body, channels) = (chosen.Headline, chosen.Body, chosen.DefaultChannels);
        }

        var input = new ComposeForm { IncidentId = incidentId?.ToString(), Headline = headline, Body = body, Channels = [.. channels] };
        return await ComposePage(page, drafting, db, input, templates.Ok ? templates.Value! : [], Html.Empty, [], ct);
    }

    private static async Task<IResult> ComposePage(PageKit page, DraftingApi drafting, WebDbContext db, ComposeForm form, IReadOnlyList<TemplateDto> templates, Html previews, IReadOnlyCollection<string> errors, CancellationToken ct)
    {
        var incidents = await drafting.IncidentsAsync(ct);
        var open = incidents.Ok ? incidents.Value!.Where(i => i.Status != "Closed").ToList() : [];
        var incidentId = Guid.TryParse(form.IncidentId, out var id) ? id : open.FirstOrDefault()?.Id;
        var earlier = incidentId is { } chosenIncident
            ? await db.Posts.AsNoTracking().Where(p => p.IncidentId == chosenIncident).OrderByDescending(p => p.ReleasedAt).Take(20).ToListAsync(ct)
            : [];
        var templateLinks = Join(templates, t => H($"<li><a href=\"/console/compose?incidentId={incidentId}&amp;template={Uri.EscapeDataString(t.Key)}\">{t.Name}</a></li>"));
        var fields = H($"""
            {Select("incidentId", "Incident", open.Select(i => (i.Id.ToString(), $"{i.Title} ({i.Hashtag})")), incidentId?.ToString())}
            {Select("kind", "Kind", Ui.Kinds, form.Kind ?? (earlier.Count == 0 ? "Initial" : "Update"))}
            {Select("followsPostId", "Follows (for an update, correction or all-clear)", new[] { (string.Empty, "— nothing (a first message)") }.Concat(earlier.Select(p => (p.PostId.ToString(), $"{page.Clock.Local(p.ReleasedAt):HH:mm} {p.Headline}"))), form.FollowsPostId)}
            {Input("headline", "Headline", form.Headline, required: true, hint: "Email subject, CAP headline, the web page's title")}
            {TextArea("body", "Message", form.Body, "Write once: each channel gets its own rendering below, with the hashtag added where it fits.", required: true, rows: 8)}
            {Checkboxes("channels", "Channels", Ui.Channels, form.Channels ?? [])}
            <div class="choices">
            <button type="submit" name="action" value="preview" class="secondary">Preview</button>
            <button type="submit" name="action" value="save" class="secondary">Save draft</button>
            <button type="submit" name="action" value="submit">Submit</button>
            </div>
            """);
        var body = H($"""
            <h1>Compose</h1>
            {Errors(errors)}
            {(templates.Count == 0 ? Empty : H($"<details><summary>Start from a template</summary><ul>{templateLinks}</ul></details>"))}
            {(open.Count == 0 ? H($"<p class=\"flash warn\">There is no open incident: <a href=\"/console/incidents\">open one first</a>.</p>") : Empty)}
            {page.Form("/console/compose", fields, "stack", "Compose a message", H($" id=\"compose\" data-preview=\"/console/compose/preview\""))}
            <p id="preview-status" class="live-status" role="status" aria-live="polite"></p>
            <section aria-labelledby="previews-h"><h2 id="previews-h">How it will look on each channel</h2><div id="previews">{(previews.IsEmpty ? H($"<p class=\"muted\">Previews appear as you type (or press Preview).</p>") : previews)}</div></section>
            """);
        return page.Render("Compose", body, status: errors.Count == 0 ? 200 : 400);
    }

    private static async Task<IResult> ComposeSubmitAsync([FromForm] ComposeForm form, PageKit page, DraftingApi drafting, WebDbContext db, CancellationToken ct)
    {
        var input = ToInput(form);
        if (form.Action is "save" or "submit")
        {
            var created = await drafting.CreateDraftAsync(input, submit: form.Action == "submit", ct);
            if (created.Ok)
            {
                var draft = created.Value!;
                var what = draft.Status switch
                {
                    "Published" => "Published: each channel's status shows below as it reports back.",
                    "AwaitingApproval" => "Submitted: waiting for an approver.",
                    _ => "Draft saved.",
                };
                return page.Done($"/console/drafts/{draft.Id}", what);
            }

            var previews = await PreviewAsync(drafting, input, ct);
            return await ComposePage(page, drafting, db, form, [], previews, [Ui.Describe(created.Refusal!)], ct);
        }

        return await ComposePage(page, drafting, db, form, [], await PreviewAsync(drafting, input, ct), [], ct);
    }

    /// <summary>Every channel's rendering with its counter and verdict, and the risk findings.</summary>
    private static async Task<Html> PreviewAsync(DraftingApi drafting, DraftInput input, CancellationToken ct)
    {
        if (input.IncidentId is null || string.IsNullOrWhiteSpace(input.Body) || input.Channels is not { Count: > 0 })
        {
            return H($"<p class=\"muted\" data-summary=\"Choose an incident and channels, and write a message, to see previews.\">Choose an incident and channels, and write a message, to see previews.</p>");
        }

        var preview = await drafting.PreviewAsync(input with { Headline = string.IsNullOrWhiteSpace(input.Headline) ? "(headline)" : input.Headline }, ct);
        if (!preview.Ok)
        {
            return H($"<p class=\"flash error\" data-summary=\"Preview refused\">{Ui.Describe(preview.Refusal!)}</p>");
        }

        return Renderings(preview.Value!.Renderings, preview.Value.Findings, preview.Value.Blocked);
    }

    private static Html Renderings(IReadOnlyList<RenderingDto> renderings, IReadOnlyList<FindingDto> findings, bool blocked)
    {
        var summary = string.Join("; ", renderings.Select(r => $"{r.Channel} {r.Counter} {r.Verdict}")) + (blocked ? "; blocked by a risk check" : string.Empty);
        var cards = Join(renderings, r => H($"""
            <article class="preview"><h3>{r.Channel} <span class="s-{r.Verdict.ToLowerInvariant()}">{r.Verdict}</span> <span class="muted">{r.Counter}</span></h3>
            <p>{r.VerdictText}{(r.HashtagIncluded ? Empty : H($" <span class=\"s-warn\">(hashtag left off)</span>"))}</p>
            {(r.Subject is { } subject ? H($"<p><strong>Subject:</strong> {subject}</p>") : Empty)}
            {(r.Thread is { Count: > 1 } thread ? Join(thread, part => H($"<pre>{part}</pre>")) : H($"<pre>{r.Text}</pre>"))}
            </article>
            """));
        var risks = findings.Count == 0
            ? H($"<p class=\"s-ok\">Risk checks: nothing found.</p>")
            : H($"<div class=\"{(blocked ? "alert" : "flash warn")}\"><p><strong>Risk checks{(blocked ? ": blocked until fixed" : string.Empty)}</strong></p><ul>{Join(findings, f => H($"<li><span class=\"s-{f.Action.ToLowerInvariant()}\">{f.Action}</span> {f.Message} (“{f.Match}”)</li>"))}</ul></div>");
        return H($"<div data-summary=\"{summary}\">{risks}{cards}</div>");
    }

    private static async Task<IResult> DraftAsync(Guid id, PageKit page, DraftingApi drafting, CancellationToken ct)
    {
        var found = await drafting.DraftAsync(id, ct);
        if (!found.Ok)
        {
            return page.Render("Draft", H($"<h1>Draft</h1>{Ui.Unavailable("This draft", found.Refusal!)}"), status: found.Refusal!.Status == 404 ? 404 : 502);
        }

        var d = found.Value!;
        var approver = page.User.IsInRole(Roles.Approver) || page.User.IsInRole(Roles.Admin);
        var actions = d.Status switch
        {
            "Draft" or "Rejected" => page.Button($"/console/drafts/{id}/submit", "Submit"),
            "AwaitingApproval" when approver => H($"{page.Button($"/console/drafts/{id}/approve", "Approve and publish")} {page.Form($"/console/drafts/{id}/reject", H($"{Input("reason", "Reason to send it back", null, required: true, id: "reject-reason")}<div><button type=\"submit\" class=\"secondary\">Send back</button></div>"), "stack")}"),
            "AwaitingApproval" => H($"<p>Waiting for an approver (not the author).</p>"),
            _ => Empty,
        };
        var breakGlass = d.Status is "Draft" or "Rejected" or "AwaitingApproval"
            ? H($"<details><summary>Break glass: publish without approval</summary><p>Only for when lives are at risk and no approver can be reached. It is logged with your reason.</p>{page.Form($"/console/drafts/{id}/break-glass", H($"{Input("reason", "Reason", null, required: true, id: "glass-reason")}<div><button type=\"submit\" class=\"danger\">Publish now</button></div>"), "stack")}</details>")
            : Empty;
        var status = Join(d.ChannelStatus, c => H($"<tr><td data-label=\"Channel\">{c.Channel}</td><td data-label=\"Status\">{Ui.Status(c.Status)}</td><td data-label=\"Since\">{page.Clock.Time(c.UpdatedAt)}</td><td data-label=\"Detail\">{c.Error}{(c.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" ? H($" <a href=\"{url}\">view</a>") : Empty)}</td></tr>"));
        var body = H($"""
            <h1>{d.Headline}</h1>
            <p>{d.Kind} · version {d.Version} · by {d.CreatedBy} · {page.Clock.Time(d.CreatedAt)} · <a href="/console/incidents/{d.IncidentId}">incident</a></p>
            <section id="draft-status" data-live-region aria-labelledby="status-h">
            <h2 id="status-h">Status: {Ui.Status(d.Status)}</h2>
            {(d.RejectionReason is { } why ? H($"<p class=\"flash warn\">Sent back: {why}</p>") : Empty)}
            {(d.BreakGlass ? H($"<p class=\"flash warn\">Published by break-glass: {d.BreakGlassReason}</p>") : Empty)}
            {actions}
            {(d.ChannelStatus.Count == 0 ? Empty : H($"<h3>On each channel</h3><div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Channel</th><th scope=\"col\">Status</th><th scope=\"col\">Since</th><th scope=\"col\">Detail</th></tr></thead><tbody>{status}</tbody></table></div>"))}
            </section>
            {breakGlass}
            <h2>Renderings</h2>
            {Renderings(d.Renderings, d.Findings, d.Findings.Any(f => f.Action == "Block"))}
            """);
        return page.Render(d.Headline, body, live: "staff:posts,drafts");
    }

    private static async Task<IResult> ApprovalsAsync(PageKit page, DraftingApi drafting, CancellationToken ct)
    {
        var waiting = await drafting.DraftsAsync(null, "AwaitingApproval", ct);
        var approver = page.User.IsInRole(Roles.Approver) || page.User.IsInRole(Roles.Admin);
        var rows = waiting.Ok
            ? Join(waiting.Value!, d => H($"<tr><td data-label=\"Draft\"><a href=\"/console/drafts/{d.Id}\">{d.Headline}</a></td><td data-label=\"Kind\">{d.Kind}</td><td data-label=\"Channels\">{string.Join(", ", d.Channels)}</td><td data-label=\"Author\">{d.CreatedBy}</td><td data-label=\"Waiting since\">{page.Clock.Time(d.SubmittedAt)}{(d.SubmittedAt is { } at ? H($" <span class=\"muted\">({page.Clock.Relative(at)})</span>") : Empty)}</td><td>{(approver ? page.Button($"/console/drafts/{d.Id}/approve", "Approve") : H($"<a href=\"/console/drafts/{d.Id}\">Open</a>"))}</td></tr>"))
            : Ui.Unavailable("The approval queue", waiting.Refusal!);
        return page.Render("Approvals", H($"""
            <h1>Approval queue</h1>
            <section id="approvals" data-live-region aria-labelledby="approvals-h">
            <h2 id="approvals-h" class="muted">Oldest first; an approver who is not the author approves.</h2>
            {(waiting.Ok && waiting.Value!.Count == 0 ? H($"<p>Nothing is waiting for approval.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Draft</th><th scope=\"col\">Kind</th><th scope=\"col\">Channels</th><th scope=\"col\">Author</th><th scope=\"col\">Waiting since</th><th scope=\"col\">Action</th></tr></thead><tbody>{rows}</tbody></table></div>"))}
            </section>
            """), live: "staff:drafts,posts");
    }
}
