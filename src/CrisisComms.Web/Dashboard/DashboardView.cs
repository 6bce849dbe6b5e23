using System.Globalization;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Persistence;
using Microsoft.EntityFrameworkCore;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Dashboard;

/// <summary>
/// One incident's live picture, from the web's own read models: status and next update, everything
/// published, mention volume (SVG), top questions and rumours, reach per post, channel health. The
/// partner dashboard shows it read-only; the console shows the same with internal lines added.
/// Every section is a live region (live.js refreshes it; the page reads fine without script).
/// </summary>
internal sealed class DashboardView(WebDbContext db, Clock clock)
{
    private static readonly TimeSpan ChartSpan = TimeSpan.FromHours(6);

    public async Task<IncidentView?> IncidentAsync(Guid id, CancellationToken ct) =>
        await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == id, ct);

    public Html Status(IncidentView incident)
    {
        var next = incident.NextUpdateDue is { } due
            ? H($"{clock.Time(due)} <span class=\"{(due < clock.Now ? "s-bad" : "muted")}\">({clock.Relative(due)}{(due < clock.Now ? ", overdue" : string.Empty)})</span>")
            : H($"<span class=\"muted\">not set</span>");
        return H($"""
            <section id="status" data-live-region aria-labelledby="status-h">
            <h2 id="status-h">Status</h2>
            <div class="cards">
            <div class="card"><h3>Incident</h3><p class="big s-{incident.Status.ToLowerInvariant()}">{Describe(incident.Status)}</p><p>Severity <strong>{incident.Severity}</strong> · {incident.Hashtag}</p></div>
            <div class="card"><h3>Next update due</h3><p class="big">{next}</p></div>
            <div class="card"><h3>Last published</h3><p class="big">{clock.Time(incident.LastPublishedAt)}</p><p>{incident.PostsPublished} channel posts</p></div>
            <div class="card"><h3>Public mentions</h3><p class="big">{incident.Mentions}</p></div>
            </div>
            {(incident.Summary is { Length: > 0 } summary ? H($"<p class=\"panel\">{summary}</p>") : Empty)}
            </section>
            """);
    }

    public async Task<Html> TimelineAsync(Guid incidentId, bool staff, CancellationToken ct)
    {
        var query = db.Timeline.AsNoTracking().Where(t => t.IncidentId == incidentId);
        if (!staff)
        {
            var kinds = DashboardProjection.PartnerKinds.ToList();
            query = query.Where(t => kinds.Contains(t.Kind));
        }

        var lines = await query.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Take(300).ToListAsync(ct);
        var postIds = lines.Where(l => l.Kind == "post-released" && l.PostId is not null).Select(l => l.PostId!.Value).Distinct().ToList();
        var texts = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.PostId)).ToDictionaryAsync(p => p.PostId, p => p.Text, ct);
        var items = Join(lines, l =>
        {
            var text = l.Kind == "post-released" && l.PostId is { } p && texts.TryGetValue(p, out var t) ? H($"<p class=\"post-text\">{t}</p>") : Empty;
            return H($"<li data-id=\"{l.Id}\" class=\"{(l.PostId is null ? string.Empty : "k-post")}\">{clock.Time(l.At)} {l.Summary}{text}</li>");
        });
        return H($"""
            <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">{(staff ? "Timeline" : "Everything published")}</h2>
            <p class="muted">Newest first{(staff ? "; includes the queue and paging (partners see only what was published and the incident's status)" : string.Empty)}.</p>
            {(lines.Count == 0 ? H($"<p id=\"timeline-empty\">Nothing yet.</p>") : Empty)}
            <ol id="timeline" class="timeline" data-live-region>{items}</ol>
            </section>
            """);
    }

    public async Task<Html> VolumeAsync(Guid incidentId, CancellationToken ct)
    {
        const int bucketMinutes = 10;
        var buckets = (int)(ChartSpan.TotalMinutes / bucketMinutes);
        // The last bucket ends with the current minute.
        var firstMinute = (clock.Now.ToUnixTimeSeconds() / 60) - (buckets * (long)bucketMinutes) + 1;
        var rows = await db.Volume.AsNoTracking().Where(v => v.IncidentId == incidentId && v.Minute >= firstMinute).ToListAsync(ct);
        var counts = new long[buckets];
        var spikes = new bool[buckets];
        foreach (var row in rows)
        {
            var index = (int)((row.Minute - firstMinute) / bucketMinutes);
            if (index >= 0 && index < buckets)
            {
                counts[index] += row.Mentions;
                spikes[index] |= row.Spike;
            }
        }

        var total = counts.Sum();
        var max = Math.Max(1, counts.Max());
        var peak = Array.IndexOf(counts, counts.Max());
        var quiet = Array.IndexOf(counts, counts.Min());
        DateTimeOffset Start(int i) => DateTimeOffset.FromUnixTimeSeconds((firstMinute + (i * (long)bucketMinutes)) * 60);
        string Label(int i) => clock.Local(Start(i)).ToString("HH:mm", CultureInfo.InvariantCulture);
        const double width = 600, height = 160, left = 36, bottom = 20, top = 8;
        var barWidth = (width - left) / buckets;
        var bars = Join(Enumerable.Range(0, buckets), i =>
        {
            var h = (height - bottom - top) * counts[i] / max;
            var x = left + (i * barWidth);
            var y = height - bottom - h;
            return H($"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{Math.Max(1, barWidth - 1):0.#}\" height=\"{h:0.#}\" fill=\"{(spikes[i] ? "#b10e1e" : "#1d4f91")}\"><title>{Label(i)}: {counts[i]} mentions{(spikes[i] ? " (spike)" : string.Empty)}</title></rect>");
        });
        var description = total == 0
            ? "No mentions in the last six hours."
            : $"{total} mentions in the last six hours, in {bucketMinutes}-minute steps. Peak: {counts[peak]} at {Label(peak)}. Quietest: {counts[quiet]} at {Label(quiet)}. Latest: {counts[^1]}.";
        var axis = H($"""
            <line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" stroke="#505a5f"/>
            <text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="11" fill="#1b1b1b">{max}</text>
            <text x="{left - 4}" y="{height - bottom}" text-anchor="end" font-size="11" fill="#1b1b1b">0</text>
            <text x="{left}" y="{height - 4}" font-size="11" fill="#1b1b1b">{Label(0)}</text>
            <text x="{left + ((width - left) / 2):0}" y="{height - 4}" text-anchor="middle" font-size="11" fill="#1b1b1b">{Label(buckets / 2)}</text>
            <text x="{width}" y="{height - 4}" text-anchor="end" font-size="11" fill="#1b1b1b">now</text>
            """);
        var table = Join(Enumerable.Range(0, buckets).Where(i => counts[i] > 0), i => H($"<tr><td>{Label(i)}</td><td>{counts[i]}</td><td>{(spikes[i] ? "spike" : string.Empty)}</td></tr>"));
        return H($"""
            <section id="volume" data-live-region aria-labelledby="volume-h">
            <h2 id="volume-h">Mention volume</h2>
            <svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="volume-title volume-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="volume-title">Mentions over the last six hours</title><desc id="volume-desc">{description}</desc>
            {axis}{bars}
            </svg>
            <p>{description} <span class="muted">Red bars: spikes well above the usual level.</span></p>
            <details><summary>Volume as a table</summary><div class="table-wrap"><table><thead><tr><th scope="col">From</th><th scope="col">Mentions</th><th scope="col">Note</th></tr></thead><tbody>{table}</tbody></table></div></details>
            </section>
            """);
    }

    public async Task<Html> QuestionsAsync(Guid incidentId, CancellationToken ct)
    {
        var items = await db.TriageItems.AsNoTracking()
            .Where(t => t.IncidentId == incidentId && t.Judgement != "irrelevant" && t.Judgement != "informational")
            .OrderByDescending(t => t.ClusterSize).ThenByDescending(t => t.ChangedAt).Take(10).ToListAsync(ct);
        var rows = Join(items, t =>
        {
            var answered = t.AnsweredAt is not null || t.Outcome == "replied";
            var state = answered ? H($"<span class=\"s-ok\">Answered</span>")
                : t.Status is "Resolved" or "resolved" ? H($"<span class=\"muted\">Closed: {t.Outcome}</span>")
                : H($"<span class=\"s-warn\">Not yet answered</span>");
            return H($"<tr><td data-label=\"Asked\">{t.Summary}</td><td data-label=\"How many\">{Math.Max(1, t.ClusterSize)}</td><td data-label=\"Kind\">{(t.LifeSafety ? "life-safety" : t.Judgement.Replace('_', ' '))}</td><td data-label=\"Answered\">{state}</td></tr>");
        });
        return H($"""
            <section id="questions" data-live-region aria-labelledby="questions-h">
            <h2 id="questions-h">Top questions and rumours</h2>
            {(items.Count == 0 ? H($"<p>None queued yet.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">What people are asking or saying</th><th scope=\"col\">How many</th><th scope=\"col\">Kind</th><th scope=\"col\">Answered?</th></tr></thead><tbody>{rows}</tbody></table></div>"))}
            </section>
            """);
    }

    public async Task<Html> ReachAsync(Guid incidentId, CancellationToken ct)
    {
        var posts = await db.Posts.AsNoTracking().Where(p => p.IncidentId == incidentId).OrderByDescending(p => p.ReleasedAt).Take(50).ToListAsync(ct);
        var reach = await db.Reach.AsNoTracking().Where(r => r.IncidentId == incidentId).ToListAsync(ct);
        var channels = await db.PostChannels.AsNoTracking().Where(c => c.IncidentId == incidentId).ToListAsync(ct);
        var rows = Join(posts, p =>
        {
            var figures = reach.Where(r => r.PostId == p.PostId).ToList();
            var on = Join(channels.Where(c => c.PostId == p.PostId).OrderBy(c => c.Channel), c =>
                H($"<li>{c.Channel}: <span class=\"s-{c.Status.ToLowerInvariant()}\">{c.Status}</span>{(c.Url is { } url ? H($" <a href=\"{url}\">view</a>") : Empty)}</li>"));
            return H($"<tr><td data-label=\"Post\">{clock.Time(p.ReleasedAt)} <strong>{p.Headline}</strong> <span class=\"muted\">({p.Kind})</span></td><td data-label=\"Channels\"><ul>{on}</ul></td><td data-label=\"Impressions\">{figures.Sum(r => r.Impressions):N0}</td><td data-label=\"Engagements\">{figures.Sum(r => r.Engagements):N0}</td><td data-label=\"Shares\">{figures.Sum(r => r.Shares):N0}</td><td data-label=\"Replies\">{figures.Sum(r => r.Replies):N0}</td></tr>");
        });
        return H($"""
            <section id="reach" data-live-region aria-labelledby="reach-h">
            <h2 id="reach-h">Posts and their reach</h2>
            {(posts.Count == 0 ? H($"<p>Nothing published yet.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Post</th><th scope=\"col\">Where</th><th scope=\"col\">Impressions</th><th scope=\"col\">Engagements</th><th scope=\"col\">Shares</th><th scope=\"col\">Replies</th></tr></thead><tbody>{rows}</tbody></table></div><p class=\"muted\">Reach is what X and Facebook report, refreshed every 15 minutes.</p>"))}
            </section>
            """);
    }

    public async Task<Html> ChannelHealthAsync(CancellationToken ct)
    {
        var states = await db.Channels.AsNoTracking().OrderBy(c => c.Channel).ToListAsync(ct);
        var rows = Join(states, s => H($"<tr><td data-label=\"Channel\">{s.Channel}</td><td data-label=\"State\">{(s.Paused ? H($"<span class=\"s-bad\">Paused</span>") : H($"<span class=\"s-ok\">Working</span>"))}</td><td data-label=\"Since\">{clock.Time(s.ChangedAt)}</td><td data-label=\"Why\">{s.Reason}</td></tr>"));
        return H($"""
            <section id="channels" data-live-region aria-labelledby="channels-h">
            <h2 id="channels-h">Channel health</h2>
            {(states.Count == 0 ? H($"<p><span class=\"s-ok\">All channels working</span>: none has been paused.</p>") : H($"<div class=\"table-wrap\"><table class=\"responsive\"><thead><tr><th scope=\"col\">Channel</th><th scope=\"col\">State</th><th scope=\"col\">Since</th><th scope=\"col\">Why</th></tr></thead><tbody>{rows}</tbody></table></div>"))}
            </section>
            """);
    }

    public static string Describe(string status) => status switch
    {
        "StoodDown" => "Stood down",
        _ => status,
    };
}
