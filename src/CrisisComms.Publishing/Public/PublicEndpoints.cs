using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CrisisComms.Publishing.Public;

/// <summary>
/// The public web channel: a page per incident, RSS 2.0 and Atom feeds of every update, and a CAP 1.2
/// feed (an Atom index of alerts, each its own CAP document) that partners and aggregators poll. No
/// sign-in; cheap to poll (Last-Modified / If-Modified-Since, a minute's caching).
/// </summary>
internal static class PublicEndpoints
{
    private const int FeedSize = 50;

    public static void MapPublicPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/public").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/incidents", IncidentsAsync);
        pages.MapGet("/incidents/{id:guid}", IncidentAsync);
        pages.MapGet("/feeds/rss", RssAsync);
        pages.MapGet("/feeds/atom", AtomAsync);
        pages.MapGet("/feeds/cap", CapFeedAsync);
        pages.MapGet("/cap/{identifier}.xml", CapAlertAsync);
    }

    internal static async Task<IResult> IncidentsAsync(HttpContext http, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var incidents = await db.PublicIncidents.AsNoTracking().Where(i => i.Status != "Closed").OrderByDescending(i => i.UpdatedAt).ToListAsync(cancellationToken);
        var html = new StringBuilder(Head("Current incidents"));
        html.Append("<h1>Current incidents</h1>");
        html.Append(incidents.Count == 0 ? "<p>There are no current incidents.</p>" : "<ul>");
        foreach (var i in incidents)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/public/incidents/{i.IncidentId}\">{E(i.Title)}</a> {E(i.Hashtag)}</li>");
        }

        html.Append(incidents.Count == 0 ? string.Empty : "</ul>").Append(Feeds()).Append("</main></body></html>");
        return Page(http, html.ToString(), incidents.Select(i => i.UpdatedAt).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max());
    }

    internal static async Task<IResult> IncidentAsync(Guid id, HttpContext http, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var incident = await db.PublicIncidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == id, cancellationToken);
        var posts = await db.PublicEntries.AsNoTracking().Where(e => e.IncidentId == id && e.Channel == ChannelNames.Web).OrderByDescending(e => e.PublishedAt).ToListAsync(cancellationToken);
        if (incident is null && posts.Count == 0)
        {
            return Results.NotFound();
        }

        var title = incident?.Title ?? posts[0].Headline;
        var html = new StringBuilder(Head(title));
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1>");
        if (incident is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"status\">{E(Describe(incident.Status))} · follow {E(incident.Hashtag)}</p>");
            if (incident.NextUpdateDue is { } due && incident.Status != "Closed")
            {
                html.Append(CultureInfo.InvariantCulture, $"<p><strong>Next update by {E(London(due))}</strong></p>");
            }

            if (incident.Areas.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>Areas affected: {E(string.Join(", ", incident.Areas))}</p>");
            }
        }

        foreach (var post in posts)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"post-{post.PostId:N}\"><p class=\"when\">{E(post.Kind)} · {E(London(post.PublishedAt))}</p>");
            // A withdrawn message keeps its place, so anyone who saw it learns it no longer stands.
            html.Append(post.WithdrawnAt is { } withdrawn
                    ? string.Create(CultureInfo.InvariantCulture, $"<p class=\"withdrawn\"><strong>This message was withdrawn at {E(London(withdrawn))}.</strong> Please follow the latest update above.</p>")
                    : post.Html ?? $"<p>{E(post.Text)}</p>")
                .Append("</section>");
        }

        html.Append(Feeds()).Append("</main></body></html>");
        return Page(http, html.ToString(), posts.Select(p => p.WithdrawnAt ?? p.PublishedAt).Append(incident?.UpdatedAt ?? DateTimeOffset.UnixEpoch).Max());
    }

    internal static async Task<IResult> RssAsync(HttpContext http, PublishingDbContext db, Guid? incidentId, CancellationToken cancellationToken)
    {
        var posts = await Latest(db, ChannelNames.Web, incidentId, cancellationToken);
        var updated = posts.Select(p => p.PublishedAt).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max();
        if (NotModified(http, updated))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var xml = Xml(w =>
        {
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            w.WriteStartElement("channel");
            w.WriteElementString("title", "Emergency updates");
            w.WriteElementString("link", Absolute(http, "/public/incidents"));
            w.WriteElementString("description", "Updates published during incidents");
            w.WriteElementString("language", "en-gb");
            w.WriteElementString("lastBuildDate", updated.ToString("r", CultureInfo.InvariantCulture));
            foreach (var post in posts)
            {
                w.WriteStartElement("item");
                w.WriteElementString("title", post.Headline);
                w.WriteElementString("link", Absolute(http, $"/public/incidents/{post.IncidentId}#post-{post.PostId:N}"));
                w.WriteElementString("description", post.Text);
                w.WriteStartElement("guid");
                w.WriteAttributeString("isPermaLink", "false");
                w.WriteString($"urn:uuid:{post.PostId}");
                w.WriteEndElement();
                w.WriteElementString("pubDate", post.PublishedAt.ToString("r", CultureInfo.InvariantCulture));
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        });
        return Feed(http, xml, "application/rss+xml; charset=utf-8", updated);
    }

    internal static async Task<IResult> AtomAsync(HttpContext http, PublishingDbContext db, Guid? incidentId, CancellationToken cancellationToken)
    {
        var posts = await Latest(db, ChannelNames.Web, incidentId, cancellationToken);
        return AtomFeed(http, "Emergency updates", "/public/feeds/atom", posts, p => ($"/public/incidents/{p.IncidentId}#post-{p.PostId:N}", "text/html"), withContent: true);
    }

    /// <summary>The CAP feed: an Atom index whose entries link to each alert as application/cap+xml.</summary>
    internal static async Task<IResult> CapFeedAsync(HttpContext http, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var alerts = await Latest(db, ChannelNames.Cap, null, cancellationToken);
        return AtomFeed(http, "CAP alerts", "/public/feeds/cap", alerts, p => ($"/public/cap/{p.CapIdentifier}.xml", "application/cap+xml"), withContent: false);
    }

    internal static async Task<IResult> CapAlertAsync(string identifier, HttpContext http, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var alert = await db.PublicEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Channel == ChannelNames.Cap && e.CapIdentifier == identifier, cancellationToken);
        return alert?.CapXml is null ? Results.NotFound() : Feed(http, alert.CapXml, "application/cap+xml; charset=utf-8", alert.PublishedAt);
    }

    private static IResult AtomFeed(HttpContext http, string title, string self, IReadOnlyList<PublicEntry> entries, Func<PublicEntry, (string Href, string Type)> link, bool withContent)
    {
        var updated = entries.Select(p => p.PublishedAt).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max();
        if (NotModified(http, updated))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var xml = Xml(w =>
        {
            const string atom = "http://www.w3.org/2005/Atom";
            w.WriteStartElement("feed", atom);
            w.WriteElementString("title", atom, title);
            w.WriteElementString("id", atom, Absolute(http, self));
            w.WriteElementString("updated", atom, Rfc3339(updated));
            Link(w, atom, "self", Absolute(http, self), "application/atom+xml");
            w.WriteStartElement("author", atom);
            w.WriteElementString("name", atom, "Emergency communications");
            w.WriteEndElement();
            foreach (var entry in entries)
            {
                var (href, type) = link(entry);
                w.WriteStartElement("entry", atom);
                w.WriteElementString("id", atom, $"urn:uuid:{entry.PostId}");
                w.WriteElementString("title", atom, entry.Headline);
                w.WriteElementString("updated", atom, Rfc3339(entry.PublishedAt));
                Link(w, atom, "alternate", Absolute(http, href), type);
                if (withContent)
                {
                    w.WriteStartElement("content", atom);
                    w.WriteAttributeString("type", "text");
                    w.WriteString(entry.Text);
                    w.WriteEndElement();
                }
                else
                {
                    w.WriteElementString("summary", atom, entry.Text.Length > 280 ? entry.Text[..280] + "…" : entry.Text);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        });
        return Feed(http, xml, "application/atom+xml; charset=utf-8", updated);
    }

    private static Task<List<PublicEntry>> Latest(PublishingDbContext db, string channel, Guid? incidentId, CancellationToken cancellationToken)
    {
        var query = db.PublicEntries.AsNoTracking().Where(e => e.Channel == channel && e.WithdrawnAt == null);
        if (incidentId is { } id)
        {
            query = query.Where(e => e.IncidentId == id);
        }

        return query.OrderByDescending(e => e.PublishedAt).Take(FeedSize).ToListAsync(cancellationToken);
    }

    private static void Link(XmlWriter w, string ns, string rel, string href, string type)
    {
        w.WriteStartElement("link", ns);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private static string Xml(Action<XmlWriter> write)
    {
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(builder, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = true, OmitXmlDeclaration = false }))
        {
            write(writer);
        }

        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static IResult Page(HttpContext http, string html, DateTimeOffset updated) =>
        NotModified(http, updated) ? Results.StatusCode(StatusCodes.Status304NotModified) : Feed(http, html, "text/html; charset=utf-8", updated);

    private static IResult Feed(HttpContext http, string body, string contentType, DateTimeOffset updated)
    {
        http.Response.Headers[HeaderNames.CacheControl] = "public, max-age=60";
        http.Response.Headers[HeaderNames.LastModified] = updated.ToString("r", CultureInfo.InvariantCulture);
        return Results.Content(body, contentType, Encoding.UTF8);
    }

    private static bool NotModified(HttpContext http, DateTimeOffset updated) =>
        http.Request.Headers.IfModifiedSince.Count > 0
        && DateTimeOffset.TryParse(http.Request.Headers.IfModifiedSince.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
        && updated.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();

    private static string Absolute(HttpContext http, string path) => $"{http.Request.Scheme}://{http.Request.Host}{path}";

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string London(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("HH:mm 'on' dddd d MMMM", CultureInfo.GetCultureInfo("en-GB"));

    private static string Describe(string status) => status switch
    {
        "StoodDown" => "Stood down",
        "Closed" => "Closed",
        _ => "Live",
    };

    private static string Head(string title) =>
        $"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{E(title)}</title>" +
        "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/public/feeds/rss\"><link rel=\"alternate\" type=\"application/atom+xml\" href=\"/public/feeds/atom\">" +
        "<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;line-height:1.5}section{border-top:1px solid #ccc;padding:.5rem 0}.when,.status{color:#505a5f}</style></head><body><main>";

    private static string Feeds() => "<p><a href=\"/public/feeds/rss\">RSS</a> · <a href=\"/public/feeds/atom\">Atom</a> · <a href=\"/public/feeds/cap\">CAP alerts</a></p>";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
