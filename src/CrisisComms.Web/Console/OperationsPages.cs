using Microsoft.AspNetCore.Builder;
using CrisisComms.Platform.Hosting;
using CrisisComms.Web.Api;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

internal sealed class PauseForm
{
    public string? Reason { get; init; }
}

internal sealed class InDoubtForm
{
    public string? Key { get; init; }

    public string? Outcome { get; init; }
}

/// <summary>Who is on call and what waits on whom; channel and source health; the sandbox feed (embedded).</summary>
internal static class OperationsPages
{
    public static void MapOperationsPages(this RouteGroupBuilder console)
    {
        console.MapGet("/oncall", OnCallAsync);
        console.MapPost("/oncall/pages/{id:guid}/acknowledge", async (Guid id, IFormCollection form, PageKit page, OnCallApi oncall, CancellationToken ct) =>
            Ui.Outcome(page, await oncall.AcknowledgeAsync(id, page.User.Name, ct), "/console/oncall", "Acknowledged: the escalation stops."));
        console.MapGet("/health", HealthAsync);
        console.MapPost("/health/channels/{channel}/pause", async (string channel, [FromForm] PauseForm form, PageKit page, PublishingApi publishing, CancellationToken ct) =>
            Ui.Outcome(page, await publishing.PauseAsync(channel, form.Reason, ct), "/console/health", $"{channel} paused: its posts wait."));
        console.MapPost("/health/channels/{channel}/resume", async (string channel, IFormCollection form, PageKit page, PublishingApi publishing, CancellationToken ct) =>
            Ui.Outcome(page, await publishing.ResumeAsync(channel, ct), "/console/health", $"{channel} resumed."));
        console.MapPost("/health/in-doubt", async ([FromForm] InDoubtForm form, PageKit page, PublishingApi publishing, CancellationToken ct) =>
            form.Key is null || form.Outcome is not ("sent" or "not-sent")
                ? page.Done("/console/health", "Say whether the channel has the post.", "error")
                : Ui.Outcome(page, await publishing.ResolveInDoubtAsync(form.Key, form.Outcome, ct), "/console/health", "Settled."));
        console.MapGet("/sandbox", SandboxAsync);
    }

    private static async Task<IResult> OnCallAsync(PageKit page, OnCallApi oncall, WebDbContext db, CancellationToken ct)
    {
        var now = await oncall.NowAsync(ct);
        var pages = await oncall.PagesAsync(ct);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.Status == "Open").OrderBy(e => e.NextStepAt).Take(100).ToListAsync(ct);
        var failures = await db.PageFailures.AsNoTracking().OrderByDescending(f => f.FailedAt).Take(20).ToListAsync(ct);
        var who = now.Ok
            ? now.Value!.Count == 0 ? H($"<p class=\"s-bad\">Nobody is on call now by the rota.</p>") : H($"<ul>{Join(now.Value!, n => H($"<li><strong>{n.Person}</strong> ({n.Rota}){(n.Until is { } u ? H($" until {page.Clock.Time(u)}") : Empty)}</li>"))}</ul>")
            : Ui.Unavailable("Who is on call", now.Refusal!);
        var waiting = Join(escalations, e => H($"<tr><td data-label=\"About\">{e.Reason}</td><td data-label=\"Waiting on\"><strong>{e.WaitingOn ?? "nobody named"}</strong></td><td data-label=\"Level\">{e.Level}</td><td data-label=\"Next step\">{page.Clock.Time(e.NextStepAt)}</td><td data-label=\"Incident\">{(e.IncidentId is { } i ? H($"<a href=\"/console/incidents/{i}\">open</a>") : Empty)}</td></tr>"));
        var pageRows = pages.Ok
            ? Join(pages.Value!.Take(50), p => H($"<tr><td data-label=\"Sent\">{page.Clock.Time(p.SentAt)}</td><td data-label=\"To\">{p.Recipient}</td><td data-label=\"About\">{p.Summary}</td><td data-label=\"Acknowledged\">{(p.AcknowledgedAt is { } at ? H($"{page.Clock.Time(at)} by {p.AcknowledgedBy}") : page.Button($"/console/oncall/pages/{p.Id}/acknowledge", "Acknowledge"))}</td></tr>"))
            : Ui.Unavailable("Pages", pages.Refusal!);
        var failed = Join(failures, f => H($"<li class=\"s-bad\">{page.Clock.Time(f.FailedAt)}: a page about {f.Reason} could not reach {f.Target} ({f.Error})</li>"));
        return page.Render("On call", H($"""
            <h1>On call</h1>
            <section id="oncall-now" data-live-region aria-labelledby="now-h"><h2 id="now-h">On call now</h2>{who}</section>
            <section id="waiting" data-live-region aria-labelledby="waiting-h"><h2 id="waiting-h">What is waiting on whom</h2>
            {(escalations.Count == 0 ? H($"<p>Nothing is escalating.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">About</th><th scope=\"col\">Waiting on</th><th scope=\"col\">Level</th><th scope=\"col\">Next step</th><th scope=\"col\">Incident</th></tr></thead><tbody>{waiting}</tbody></table></div>"))}
            {(failures.Count == 0 ? Empty : H($"<div class=\"alert\" role=\"alert\"><p><strong>Pages that could not be delivered</strong></p><ul>{failed}</ul></div>"))}
            </section>
            <section id="pages" data-live-region aria-labelledby="pages-h"><h2 id="pages-h">Pages</h2>
            <div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">About</th><th scope="col">Acknowledged</th></tr></thead><tbody>{pageRows}</tbody></table></div>
            </section>
            """), live: "staff:oncall");
    }

    private static async Task<IResult> HealthAsync(PageKit page, PublishingApi publishing, WebDbContext db, CancellationToken ct)
    {
        var channels = await publishing.ChannelsAsync(ct);
        var inDoubt = await publishing.InDoubtAsync(ct);
        var sources = await db.Sources.AsNoTracking().OrderBy(s => s.Channel).ThenBy(s => s.Source).ToListAsync(ct);
        var alerts = await db.Alerts.AsNoTracking().OrderByDescending(a => a.DetectedAt).Take(20).ToListAsync(ct);
        var channelRows = channels.Ok
            ? Join(channels.Value!, c =>
            {
                var action = c.Paused
                    ? page.Button($"/console/health/channels/{c.Channel}/resume", "Resume")
                    : page.Form($"/console/health/channels/{c.Channel}/pause", H($"<label for=\"pause-{c.Channel}\" class=\"hint\">Reason</label><input type=\"text\" id=\"pause-{c.Channel}\" name=\"reason\" required> <button type=\"submit\" class=\"secondary\">Pause</button>"), "inline");
                return H($"<tr><td data-label=\"Channel\">{c.Channel} <span class=\"muted\">({c.Mode})</span></td><td data-label=\"State\">{(c.Paused ? H($"<span class=\"s-bad\">Paused</span> {c.PausedReason}") : H($"<span class=\"s-ok\">Working</span>"))}</td><td data-label=\"Last success\">{page.Clock.Time(c.LastSuccessAt)}</td><td data-label=\"Last error\">{c.LastError}</td><td data-label=\"Sent / failed / waiting\">{c.Sent} / {c.Failed} / {c.Waiting}</td><td>{action}</td></tr>");
            })
            : Ui.Unavailable("Channels", channels.Refusal!);
        var doubtRows = inDoubt.Ok ? Join(inDoubt.Value!, l => H($"<li>{l.Channel}: post {l.PostId} ({l.Error}) {page.Form("/console/health/in-doubt", H($"{Hidden("key", l.IdempotencyKey)}<button type=\"submit\" name=\"outcome\" value=\"sent\" class=\"secondary\">It is on the channel</button> <button type=\"submit\" name=\"outcome\" value=\"not-sent\" class=\"secondary\">It is not</button>"), "inline")}</li>")) : Empty;
        var sourceRows = Join(sources, s => H($"<tr><td data-label=\"Source\">{s.Source}</td><td data-label=\"Channel\">{s.Channel}</td><td data-label=\"State\">{Ui.Status(s.State)}</td><td data-label=\"Last success\">{page.Clock.Time(s.LastSuccessAt)}</td><td data-label=\"Per minute\">{s.ItemsPerMinute:0.#}</td><td data-label=\"Errors (hour)\">{s.ErrorsLastHour}</td><td data-label=\"Last error\">{s.LastError}</td></tr>"));
        var alertRows = Join(alerts, a => H($"<li>{page.Clock.Time(a.DetectedAt)} {a.Service}: {a.MessageType} in {a.Queue} — {a.Error}</li>"));
        return page.Render("Health", H($"""
            <h1>Channel and source health</h1>
            <section id="channel-health" data-live-region aria-labelledby="ch-h"><h2 id="ch-h">Publishing channels</h2>
            <div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">Channel</th><th scope="col">State</th><th scope="col">Last success</th><th scope="col">Last error</th><th scope="col">Sent / failed / waiting</th><th scope="col">Kill switch</th></tr></thead><tbody>{channelRows}</tbody></table></div>
            {(inDoubt.Ok && inDoubt.Value!.Count > 0 ? H($"<h3>Posts in doubt: check the channel and settle</h3><ul>{doubtRows}</ul>") : Empty)}
            </section>
            <section id="source-health" data-live-region aria-labelledby="src-h"><h2 id="src-h">Listening sources</h2>
            {(sources.Count == 0 ? H($"<p>No source has reported yet.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Channel</th><th scope=\"col\">State</th><th scope=\"col\">Last success</th><th scope=\"col\">Per minute</th><th scope=\"col\">Errors (hour)</th><th scope=\"col\">Last error</th></tr></thead><tbody>{sourceRows}</tbody></table></div>"))}
            </section>
            <section id="alerts" data-live-region aria-labelledby="alerts-h"><h2 id="alerts-h">Failed messages</h2>
            {(alerts.Count == 0 ? H($"<p class=\"s-ok\">None.</p>") : H($"<ul class=\"alert\">{alertRows}</ul><p>See runbooks/operating.md for replaying or discarding them.</p>"))}
            </section>
            """), live: "staff:health");
    }

    private static async Task<IResult> SandboxAsync(PageKit page, PublishingApi publishing, PlatformSettings settings, CancellationToken ct)
    {
        if (!settings.IsEmbedded)
        {
            return page.Render("Sandbox", H($"<h1>Sandbox</h1><p>Only in embedded mode: here every channel is live.</p>"), status: StatusCodes.Status404NotFound);
        }

        var posts = await publishing.SandboxAsync(null, ct);
        var items = posts.Ok
            ? Join(posts.Value!, p => H($"<li><h3>{p.Channel} <span class=\"muted\">{page.Clock.Time(p.PostedAt)}{(p.WithdrawnAt is { } w ? H($" · withdrawn {page.Clock.Time(w)}") : Empty)}</span></h3><pre>{p.Text}</pre></li>"))
            : Ui.Unavailable("The sandbox feed", posts.Refusal!);
        return page.Render("Sandbox", H($"""
            <h1>Sandbox feed</h1>
            <p>Embedded mode: nothing leaves this machine. This is what each channel would have posted, newest first.</p>
            <section id="sandbox" class="sandbox" data-live-region aria-labelledby="sandbox-h"><h2 id="sandbox-h" class="muted">Recorded posts</h2><ol class="timeline">{items}</ol></section>
            """), live: "staff:posts");
    }
}
