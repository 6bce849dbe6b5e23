using Microsoft.AspNetCore.Builder;
using CrisisComms.Web.Api;
using CrisisComms.Web.Dashboard;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Partners;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

internal sealed class OpenIncidentForm
{
    public string? Title { get; init; }

    public string? ShortName { get; init; }

    public string? Severity { get; init; }

    public string? Areas { get; init; }

    public string? Summary { get; init; }

    public string? AcceptHashtagInUse { get; init; }
}

internal sealed class NextUpdateForm
{
    public string? DueAt { get; init; }

    public string? Note { get; init; }
}

internal sealed class IncidentChangeForm
{
    public string? Severity { get; init; }

    public string? Summary { get; init; }

    public string? Reason { get; init; }
}

internal sealed class ReasonForm
{
    public string? Reason { get; init; }
}

internal sealed class InviteForm
{
    public string? Organisation { get; init; }

    public string? Contact { get; init; }
}

internal sealed class WithdrawForm
{
    public string? Reason { get; init; }

    public string[]? Channels { get; init; }
}

/// <summary>Overview, incidents (open, hashtags, next update, stand down, close), their posts' status per channel, and partner access.</summary>
internal static class IncidentPages
{
    public static void MapIncidentPages(this RouteGroupBuilder console)
    {
        console.MapGet("/", OverviewAsync);
        console.MapGet("/incidents", ListAsync);
        console.MapPost("/incidents", OpenAsync);
        console.MapGet("/incidents/{id:guid}", DetailAsync);
        console.MapPost("/incidents/{id:guid}/next-update", async (Guid id, [FromForm] NextUpdateForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.NextUpdateAsync(id, Ui.ParseLocal(form.DueAt, page.Clock), form.Note, ct), $"/console/incidents/{id}", "Next update time set: partners see it."));
        console.MapPost("/incidents/{id:guid}/change", async (Guid id, [FromForm] IncidentChangeForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.UpdateIncidentAsync(id, form.Severity, string.IsNullOrWhiteSpace(form.Summary) ? null : form.Summary, form.Reason, ct), $"/console/incidents/{id}", "Incident updated."));
        console.MapPost("/incidents/{id:guid}/stand-down", async (Guid id, [FromForm] ReasonForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.StandDownAsync(id, form.Reason, ct), $"/console/incidents/{id}", "Incident stood down."));
        console.MapPost("/incidents/{id:guid}/close", async (Guid id, [FromForm] ReasonForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.CloseAsync(id, form.Reason, ct), $"/console/incidents/{id}", "Incident closed: its hashtag is retired and partner access has ended."));
        console.MapPost("/incidents/{id:guid}/posts/{postId:guid}/withdraw", async (Guid id, Guid postId, [FromForm] WithdrawForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.WithdrawAsync(postId, form.Reason, form.Channels is { Length: > 0 } c ? c : null, ct), $"/console/incidents/{id}", "Withdrawal requested: each channel's status shows below."));
        console.MapPost("/incidents/{id:guid}/invites", InviteAsync);
        console.MapPost("/incidents/{id:guid}/invites/{inviteId:guid}/revoke", async (Guid id, Guid inviteId, IFormCollection form, PageKit page, PartnerInvites invites, CancellationToken ct) =>
            await invites.RevokeInviteAsync(id, inviteId, page.User.Name, ct)
                ? page.Done($"/console/incidents/{id}#partners", "Invite withdrawn: the link no longer works.")
                : page.Done($"/console/incidents/{id}#partners", "That invite was already used, withdrawn or unknown.", "error"));
        console.MapPost("/incidents/{id:guid}/partners/{accessId:guid}/revoke", async (Guid id, Guid accessId, IFormCollection form, PageKit page, PartnerInvites invites, CancellationToken ct) =>
            await invites.RevokeAccessAsync(id, accessId, page.User.Name, ct)
                ? page.Done($"/console/incidents/{id}#partners", "Access revoked: the partner's dashboard stops at once.")
                : page.Done($"/console/incidents/{id}#partners", "That access was already revoked or has ended.", "error"));
    }

    private static async Task<IResult> OverviewAsync(PageKit page, WebDbContext db, DraftingApi drafting, CancellationToken ct)
    {
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.Status != "Closed").OrderByDescending(i => i.OpenedAt).Take(20).ToListAsync(ct);
        var lifeSafety = await db.TriageItems.AsNoTracking().Where(t => t.LifeSafety && t.Status != "Resolved" && t.AnsweredAt == null).OrderByDescending(t => t.ChangedAt).Take(10).ToListAsync(ct);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.Status == "Open").CountAsync(ct);
        var failures = await db.PageFailures.AsNoTracking().CountAsync(ct);
        var paused = await db.Channels.AsNoTracking().Where(c => c.Paused).Select(c => c.Channel).ToListAsync(ct);
        var alerts = await db.Alerts.AsNoTracking().CountAsync(ct);
        var approvals = await drafting.DraftsAsync(null, "AwaitingApproval", ct);
        var rows = Join(incidents, i => H($"<tr><td data-label=\"Incident\"><a href=\"/console/incidents/{i.IncidentId}\">{i.Title}</a></td><td data-label=\"Hashtag\">{i.Hashtag}</td><td data-label=\"Status\">{Ui.Status(i.Status)}</td><td data-label=\"Next update\">{page.Clock.Time(i.NextUpdateDue)}</td><td data-label=\"Posts\">{i.PostsPublished}</td><td data-label=\"Mentions\">{i.Mentions}</td><td data-label=\"Waiting\">{i.WaitingForResponse}</td></tr>"));
        var danger = Join(lifeSafety, t => H($"<li><strong class=\"p-critical\">Life-safety</strong> on {t.Channel}: {t.Summary} — <a href=\"/console/triage\">open the queue</a></li>"));
        var body = H($"""
            <h1>Overview</h1>
            <section id="attention" data-live-region aria-labelledby="attention-h">
            <h2 id="attention-h">Needs attention</h2>
            {(lifeSafety.Count > 0 ? H($"<div class=\"alert\" role=\"alert\"><ul>{danger}</ul></div>") : Empty)}
            <div class="cards">
            <div class="card"><h3>Approvals waiting</h3><p class="big">{(approvals.Ok ? approvals.Value!.Count.ToString() : "?")}</p><p><a href="/console/approvals">Approval queue</a></p></div>
            <div class="card"><h3>Open escalations</h3><p class="big">{escalations}</p><p><a href="/console/oncall">Who is it waiting on?</a></p></div>
            <div class="card"><h3>Channels paused</h3><p class="big {(paused.Count > 0 ? "s-bad" : "s-ok")}">{paused.Count}</p><p>{(paused.Count > 0 ? string.Join(", ", paused) : "all working")} · <a href="/console/health">Health</a></p></div>
            <div class="card"><h3>Problems</h3><p class="big {(alerts + failures > 0 ? "s-bad" : "s-ok")}">{alerts + failures}</p><p>{alerts} failed messages, {failures} undelivered pages</p></div>
            </div>
            </section>
            <section id="incidents" data-live-region aria-labelledby="incidents-h">
            <h2 id="incidents-h">Open incidents</h2>
            {(incidents.Count == 0 ? H($"<p>No open incidents. <a href=\"/console/incidents\">Open one</a>.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Incident</th><th scope=\"col\">Hashtag</th><th scope=\"col\">Status</th><th scope=\"col\">Next update</th><th scope=\"col\">Posts</th><th scope=\"col\">Mentions</th><th scope=\"col\">Waiting</th></tr></thead><tbody>{rows}</tbody></table></div>"))}
            </section>
            """);
        return page.Render("Overview", body, live: "staff:incidents,triage,oncall,health,drafts,posts");
    }

    private static async Task<IResult> ListAsync(PageKit page, DraftingApi drafting, CancellationToken ct)
    {
        var incidents = await drafting.IncidentsAsync(ct);
        var rows = incidents.Ok
            ? Join(incidents.Value!, i => H($"<tr><td data-label=\"Incident\"><a href=\"/console/incidents/{i.Id}\">{i.Title}</a></td><td data-label=\"Hashtag\"><strong>{i.Hashtag}</strong></td><td data-label=\"Severity\">{i.Severity}</td><td data-label=\"Status\">{Ui.Status(i.Status)}</td><td data-label=\"Opened\">{page.Clock.Time(i.OpenedAt)} by {i.OpenedBy}</td></tr>"))
            : Ui.Unavailable("Incidents", incidents.Refusal!);
        var form = page.Form("/console/incidents", H($"""
            {Input("title", "Title", null, required: true, hint: "What the public would call it, e.g. River Exe flooding")}
            {Input("shortName", "Short name for the hashtag", null, hint: "One word; the organisation's prefix is added, e.g. flood → #DCCFlood")}
            {Select("severity", "Severity", Ui.Severities, "Major")}
            {Input("areas", "Areas", null, hint: "Comma-separated, e.g. Exeter St Thomas, Cowley Bridge")}
            {TextArea("summary", "Summary (optional)", null, rows: 3)}
            <div class="choices"><label><input type="checkbox" name="acceptHashtagInUse" value="true"> Issue the hashtag even if others already use it</label></div>
            <div><button type="submit">Open incident</button></div>
            """), "stack", "Open an incident");
        return page.Render("Incidents", H($"""
            <h1>Incidents</h1>
            <div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">Incident</th><th scope="col">Hashtag</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Opened</th></tr></thead><tbody>{rows}</tbody></table></div>
            <h2>Open an incident</h2>
            <p>The hashtag is checked (valid on X, not live for another incident, not already in wide use) before it is issued.</p>
            {form}
            """), live: "staff:incidents");
    }

    private static async Task<IResult> OpenAsync([FromForm] OpenIncidentForm form, PageKit page, DraftingApi drafting, CancellationToken ct)
    {
        var areas = (form.Areas ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var opened = await drafting.OpenIncidentAsync(form.Title, string.IsNullOrWhiteSpace(form.ShortName) ? null : form.ShortName, form.Severity, areas,
            string.IsNullOrWhiteSpace(form.Summary) ? null : form.Summary, form.AcceptHashtagInUse == "true", ct);
        return opened.Ok
            ? page.Done($"/console/incidents/{opened.Value!.Id}", $"Incident opened with hashtag {opened.Value.Hashtag}.")
            : page.Done("/console/incidents", Ui.Describe(opened.Refusal!), "error");
    }

    private static async Task<IResult> DetailAsync(Guid id, PageKit page, DraftingApi drafting, WebDbContext db, DashboardView view, IOptions<WebOptions> options, CancellationToken ct)
    {
        var found = await drafting.IncidentAsync(id, ct);
        if (!found.Ok)
        {
            return page.Render("Incident", H($"<h1>Incident</h1>{Ui.Unavailable("This incident", found.Refusal!)}"), status: found.Refusal!.Status == 404 ? 404 : 502);
        }

        var incident = found.Value!;
        var closed = incident.Status == "Closed";
        var posts = await PostsAsync(page, db, id, ct);
        var partners = await PartnersAsync(page, db, id, closed, options.Value.InviteLifetime, ct);
        var actions = closed ? H($"<p>Closed {page.Clock.Time(incident.ClosedAt)}.</p>") : H($"""
            <div class="cards">
            <div class="card"><h3>Next update</h3>{page.Form($"/console/incidents/{id}/next-update", H($"{Input("dueAt", "Due at", incident.NextUpdateDue is { } due ? Ui.LocalInput(due, page.Clock) : Ui.LocalInput(page.Clock.Now.AddHours(1), page.Clock), "datetime-local", required: true, id: "next-due")}{Input("note", "Note for the reminder", null, id: "next-note")}<div><button type=\"submit\">Promise the next update</button></div>"), "stack")}</div>
            <div class="card"><h3>Change</h3>{page.Form($"/console/incidents/{id}/change", H($"{Select("severity", "Severity", Ui.Severities, incident.Severity)}{TextArea("summary", "Summary", incident.Summary, rows: 3)}{Input("reason", "Reason (for the audit log)", null, id: "change-reason")}<div><button type=\"submit\">Save</button></div>"), "stack")}</div>
            <div class="card"><h3>Stand down or close</h3>{page.Form($"/console/incidents/{id}/stand-down", H($"{Input("reason", "Reason", null, required: true, id: "stand-reason")}<div><button type=\"submit\" class=\"secondary\">Stand down</button></div>"), "stack")}{page.Form($"/console/incidents/{id}/close", H($"{Input("reason", "Reason", null, id: "close-reason")}<div><button type=\"submit\" class=\"danger\">Close incident</button></div>"), "stack")}</div>
            </div>
            """);
        var volume = await view.VolumeAsync(id, ct);
        var timeline = await view.TimelineAsync(id, staff: true, ct);
        var body = H($"""
            <h1>{incident.Title} <span class="muted">{incident.Hashtag}</span></h1>
            <p>{Ui.Status(incident.Status)} · severity {incident.Severity} · areas: {string.Join(", ", incident.Areas)} · opened {page.Clock.Time(incident.OpenedAt)} by {incident.OpenedBy}</p>
            <p><a href="/console/compose?incidentId={id}">Write an update</a> · <a href="/console/triage?incidentId={id}">Its triage queue</a> · <a href="/partner/incidents/{id}">See the partner dashboard</a></p>
            {actions}
            {posts}
            {partners}
            {volume}
            {timeline}
            """);
        return page.Render(incident.Title, body, live: $"incident:{id}");
    }

    /// <summary>Each post's status on each channel, from publishing's events (live).</summary>
    private static async Task<Html> PostsAsync(PageKit page, WebDbContext db, Guid incidentId, CancellationToken ct)
    {
        var posts = await db.Posts.AsNoTracking().Where(p => p.IncidentId == incidentId).OrderByDescending(p => p.ReleasedAt).Take(30).ToListAsync(ct);
        var channels = await db.PostChannels.AsNoTracking().Where(c => c.IncidentId == incidentId).ToListAsync(ct);
        var items = Join(posts, p =>
        {
            var rows = channels.Where(c => c.PostId == p.PostId).OrderBy(c => c.Channel).ToList();
            var cells = Join(rows, c => H($"<tr><td data-label=\"Channel\">{c.Channel}</td><td data-label=\"Status\">{Ui.Status(c.Status)}</td><td data-label=\"Since\">{page.Clock.Time(c.ChangedAt)}</td><td data-label=\"Detail\">{c.Detail}{(c.Url is { } url ? H($" <a href=\"{url}\">view</a>") : Empty)}</td></tr>"));
            var withdrawable = rows.Where(c => c.Status is "Published" or "Pending").Select(c => (c.Channel, c.Channel)).ToList();
            var withdraw = withdrawable.Count == 0 ? Empty : H($"<details><summary>Withdraw this post</summary>{page.Form($"/console/incidents/{incidentId}/posts/{p.PostId}/withdraw", H($"{Input("reason", "Why", null, required: true, id: $"withdraw-{p.PostId:N}")}{Checkboxes("channels", "From (none ticked: everywhere it can be)", withdrawable, [])}<div><button type=\"submit\" class=\"danger\">Withdraw</button></div>"), "stack")}</details>");
            return H($"<article class=\"panel\"><h3>{p.Headline} <span class=\"muted\">{p.Kind}, {page.Clock.Time(p.ReleasedAt)}</span></h3><div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Channel</th><th scope=\"col\">Status</th><th scope=\"col\">Since</th><th scope=\"col\">Detail</th></tr></thead><tbody>{cells}</tbody></table></div>{withdraw}</article>");
        });
        return H($"""
            <section id="posts" data-live-region aria-labelledby="posts-h">
            <h2 id="posts-h">Posts and their status on each channel</h2>
            {(posts.Count == 0 ? H($"<p>Nothing published yet. <a href=\"/console/compose?incidentId={incidentId}\">Write the first update</a>.</p>") : items)}
            </section>
            """);
    }

    private static async Task<Html> PartnersAsync(PageKit page, WebDbContext db, Guid incidentId, bool closed, TimeSpan lifetime, CancellationToken ct)
    {
        var now = page.Clock.Now;
        var invites = await db.Invites.AsNoTracking().Where(i => i.IncidentId == incidentId && i.UsedAt == null && i.RevokedAt == null).OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
        var access = await db.PartnerAccess.AsNoTracking().Where(a => a.IncidentId == incidentId).OrderByDescending(a => a.GrantedAt).ToListAsync(ct);
        var userIds = access.Select(a => a.UserId).ToList();
        var names = await db.Set<Accounts.User>().AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var inviteRows = Join(invites.Where(i => i.ExpiresAt > now), i => H($"<tr><td data-label=\"Organisation\">{i.Organisation}</td><td data-label=\"For\">{i.Contact}</td><td data-label=\"Expires\">{page.Clock.Time(i.ExpiresAt)}</td><td>{page.Button($"/console/incidents/{incidentId}/invites/{i.Id}/revoke", "Withdraw invite", "secondary")}</td></tr>"));
        var accessRows = Join(access, a => H($"<tr><td data-label=\"Who\">{names.GetValueOrDefault(a.UserId, "?")}</td><td data-label=\"Organisation\">{a.Organisation}</td><td data-label=\"Since\">{page.Clock.Time(a.GrantedAt)}</td><td data-label=\"State\">{(a.RevokedAt is not null ? H($"revoked by {a.RevokedBy}") : a.EndedAt is not null ? H($"ended with the incident") : page.Button($"/console/incidents/{incidentId}/partners/{a.Id}/revoke", "Revoke access", "danger"))}</td></tr>"));
        var form = closed ? Empty : page.Form($"/console/incidents/{incidentId}/invites", H($"{Input("organisation", "Partner organisation", null, required: true, hint: "e.g. Devon & Cornwall Police")}{Input("contact", "For (optional)", null, hint: "Name or role of the person you will send it to")}<div><button type=\"submit\">Make an invite link</button></div>"), "stack", "Invite a partner organisation");
        return H($"""
            <section id="partners" aria-labelledby="partners-h">
            <h2 id="partners-h">Partners</h2>
            <p>An invite link works once, within {(lifetime.TotalHours >= 1 ? $"{lifetime.TotalHours:0.#} hours" : $"{lifetime.TotalMinutes:0} minutes")}; the partner then stays signed in to this incident's dashboard until you revoke it or the incident closes.</p>
            {form}
            {(invites.Count == 0 ? Empty : H($"<h3>Invites not yet used</h3><div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">For</th><th scope=\"col\">Expires</th><th scope=\"col\">Action</th></tr></thead><tbody>{inviteRows}</tbody></table></div>"))}
            {(access.Count == 0 ? H($"<p>No partner has joined yet.</p>") : H($"<h3>Partners with access</h3><div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Who</th><th scope=\"col\">Organisation</th><th scope=\"col\">Since</th><th scope=\"col\">Access</th></tr></thead><tbody>{accessRows}</tbody></table></div>"))}
            </section>
            """);
    }

    private static async Task<IResult> InviteAsync(Guid id, [FromForm] InviteForm form, PageKit page, PartnerInvites invites, WebDbContext db, IOptions<WebOptions> options, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(form.Organisation) || form.Organisation.Length > 200 || form.Contact is { Length: > 200 })
        {
            return page.Done($"/console/incidents/{id}#partners", "Name the partner organisation (at most 200 characters).", "error");
        }

        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == id, ct);
        if (incident is null || incident.Status == "Closed")
        {
            return page.Done($"/console/incidents/{id}#partners", "Partners can only be invited to an open incident.", "error");
        }

        var (invite, secret) = await invites.CreateAsync(id, form.Organisation, form.Contact, page.User.Name, ct);
        var root = options.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{page.Context.Request.Scheme}://{page.Context.Request.Host}";
        var link = $"{root}/partner/join/{secret}";
        // Shown once, in this response only: the link is never stored or put in a redirect.
        return page.Render("Invite link", H($"""
            <h1>Invite link for {invite.Organisation}</h1>
            <p>Send this link to {(invite.Contact ?? "the partner")} by a channel you trust (phone, secure email). It works <strong>once</strong> and expires {page.Clock.Time(invite.ExpiresAt)}. It is not shown again.</p>
            <p><label for="invite-link">Invite link</label><input type="text" id="invite-link" readonly value="{link}"></p>
            <p><a href="/console/incidents/{id}#partners">Back to {incident.Title}</a></p>
            """));
    }
}
