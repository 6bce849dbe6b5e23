using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;

namespace CrisisComms.Monitoring.Sources.Feeds;

/// <summary>
/// Where a feed was read to: its validators (ETag, Last-Modified) for a conditional GET, the entries whose
/// linked CAP alerts were already fetched, and whether some are still to fetch (then the next poll asks
/// unconditionally).
/// </summary>
internal sealed record FeedCursor(string? ETag, string? LastModified, IReadOnlyList<string>? Fetched, bool Pending);

/// <summary>
/// A partner's warnings feed (e.g. flood warnings): a CAP 1.2 alert, or an RSS 2.0 / Atom feed whose
/// entries are warnings or link to CAP alerts. Polled with If-None-Match / If-Modified-Since, so an
/// unchanged feed costs one 304. Each entry becomes an inbound mention of Kind "Alert".
/// </summary>
/// <remarks>
/// Settings: <c>url</c>, <c>name</c> (shown as the author), <c>pollSeconds</c> (120). Credentials (optional):
/// <c>username</c>, <c>password</c> (HTTP basic).
/// </remarks>
internal sealed partial class FeedSource(IHttpClientFactory http, CapAlerts cap, TimeProvider time) : MentionSource
{
    private const int MaxCapFetches = 50;
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public override string Type => SourceTypes.Feed;

    public override string Channel => "feed";

    public override async Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var account = poll.Account;
        var url = Uri.TryCreate(account.RequiredSetting("url"), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u
            : throw new SourceConfigurationException($"{account.Key}: setting 'url' is not an http(s) URL");
        var name = account.Setting("name", url.Host);
        var cursor = poll.Cursor is { Length: > 0 } json ? JsonSerializer.Deserialize<FeedCursor>(json, SourceJson.Options)! : new FeedCursor(null, null, null, false);

        using var request = Request(account, url);
        if (!cursor.Pending)
        {
            if (cursor.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            if (cursor.LastModified is { } modified && DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                request.Headers.IfModifiedSince = since;
            }
        }

        var client = http.CreateClient(SourceHttp.ClientName);
        using var response = await SourceHttp.SendAsync(client, request, poll.CallTimeout, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new SourcePage([], [], poll.Cursor, More: false);
        }

        var body = await SourceHttp.ReadAsync(response, poll.CallTimeout, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw SourceHttp.Failure(response, body, $"feed {name}", time, null);
        }

        var document = Parse(body, $"feed {name}");
        var items = new List<CapturedMention>();
        var rejected = new List<SourceRejection>();
        var fetched = new List<string>();
        var pending = false;
        var root = document.Root!;
        if (CapAlerts.IsCap(root))
        {
            Add(cap.Read(document, name), null);
        }
        else if (root.Name.LocalName == "rss")
        {
            var channel = root.Element("channel");
            var language = channel?.Element("language")?.Value.Trim();
            foreach (var item in channel?.Elements("item") ?? [])
            {
                var link = item.Element("link")?.Value.Trim();
                var id = item.Element("guid")?.Value.Trim() is { Length: > 0 } guid ? guid : link is { Length: > 0 } ? link : Hash(item.ToString());
                var capLink = item.Elements("enclosure").FirstOrDefault(e => IsCapType((string?)e.Attribute("type")))?.Attribute("url")?.Value;
                if (capLink is not null)
                {
                    await FetchCapAsync(id, capLink);
                    continue;
                }

                Entry(id, item.Element("title")?.Value, item.Element("description")?.Value, Rfc822(item.Element("pubDate")?.Value), link, language);
            }
        }
        else if (root.Name == Atom + "feed")
        {
            foreach (var entry in root.Elements(Atom + "entry"))
            {
                var id = entry.Element(Atom + "id")?.Value.Trim() is { Length: > 0 } entryId ? entryId : Hash(entry.ToString());
                var links = entry.Elements(Atom + "link").ToList();
                var capLink = links.FirstOrDefault(l => IsCapType((string?)l.Attribute("type")))?.Attribute("href")?.Value;
                var embedded = entry.Element(Atom + "content")?.Elements().FirstOrDefault(CapAlerts.IsCap);
                if (embedded is not null)
                {
                    fetched.Add(id);
                    Add(cap.Read(new XDocument(embedded), name), id);
                    continue;
                }

                if (capLink is not null)
                {
                    await FetchCapAsync(id, capLink);
                    continue;
                }

                var link = links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate")?.Attribute("href")?.Value;
                var when = Iso(entry.Element(Atom + "updated")?.Value) ?? Iso(entry.Element(Atom + "published")?.Value);
                Entry(id, entry.Element(Atom + "title")?.Value, (entry.Element(Atom + "summary") ?? entry.Element(Atom + "content"))?.Value, when, link, (string?)entry.Attribute(XNamespace.Xml + "lang"));
            }
        }
        else
        {
            throw new SourceException($"feed {name}: not CAP, RSS or Atom (root element {root.Name.LocalName})");
        }

        var etagOut = response.Headers.ETag?.ToString();
        var modifiedOut = response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture);
        var next = new FeedCursor(pending ? cursor.ETag : etagOut, pending ? cursor.LastModified : modifiedOut, fetched.Count > 0 ? fetched : null, pending);
        return new SourcePage(items, rejected, JsonSerializer.Serialize(next, SourceJson.Options), More: pending);

        void Entry(string id, string? title, string? description, DateTimeOffset? when, string? link, string? language)
        {
            var text = string.Join("\n", new[] { title?.Trim(), Plain(description) }.Where(t => !string.IsNullOrWhiteSpace(t)));
            if (text.Length == 0)
            {
                rejected.Add(new SourceRejection(id, "entry without title or description"));
                return;
            }

            items.Add(new CapturedMention(id, name, text, when ?? poll.Now)
            {
                Kind = MentionKinds.Alert,
                AuthorId = url.Host,
                Url = link,
                Language = language,
                ConversationId = id,
            });
        }

        void Add((CapturedMention? Mention, string? Problem) read, string? entryId)
        {
            if (read.Mention is { } mention)
            {
                items.Add(mention);
            }
            else
            {
                rejected.Add(new SourceRejection(entryId, read.Problem ?? "not an alert"));
            }
        }

        async Task FetchCapAsync(string entryId, string link)
        {
            if (cursor.Fetched?.Contains(entryId, StringComparer.Ordinal) == true)
            {
                fetched.Add(entryId);
                return;
            }

            if (fetched.Count(f => cursor.Fetched?.Contains(f) != true) >= MaxCapFetches)
            {
                pending = true;
                return;
            }

            if (!Uri.TryCreate(url, link, out var capUrl) || capUrl.Scheme is not ("http" or "https"))
            {
                rejected.Add(new SourceRejection(entryId, $"CAP link '{link}' is not an http(s) URL"));
                fetched.Add(entryId);
                return;
            }

            using var capRequest = Request(account, capUrl);
            using var capResponse = await SourceHttp.SendAsync(client, capRequest, poll.CallTimeout, cancellationToken);
            var capBody = await SourceHttp.ReadAsync(capResponse, poll.CallTimeout, cancellationToken);
            if (!capResponse.IsSuccessStatusCode)
            {
                // Transient trouble fetching one alert: try it again next poll (it is not marked fetched).
                rejected.Add(new SourceRejection(entryId, $"CAP alert {capUrl} answered {(int)capResponse.StatusCode}"));
                pending = (int)capResponse.StatusCode >= 500 || pending;
                return;
            }

            fetched.Add(entryId);
            try
            {
                Add(cap.Read(Parse(capBody, capUrl.ToString()), name), entryId);
            }
            catch (SourceException e)
            {
                rejected.Add(new SourceRejection(entryId, e.Message));
            }
        }
    }

    private static HttpRequestMessage Request(SourceAccountView account, Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/cap+xml, application/atom+xml, application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1");
        if (account.SecretOrNull("username") is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{account.SecretOrNull("password")}")));
        }

        return request;
    }

    /// <summary>XML without DTDs or external entities (a hostile feed cannot make us fetch or expand anything).</summary>
    internal static XDocument Parse(string xml, string what)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 32 * 1024 * 1024 });
            var document = XDocument.Load(reader);
            return document.Root is null ? throw new SourceException($"{what}: empty XML document") : document;
        }
        catch (XmlException e)
        {
            throw new SourceException($"{what}: not well-formed XML ({e.Message})");
        }
    }

    private static bool IsCapType(string? type) => type is not null && type.StartsWith("application/cap+xml", StringComparison.OrdinalIgnoreCase);

    private static string? Plain(string? html) =>
        html is null ? null : Whitespace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    private static DateTimeOffset? Rfc822(string? text) =>
        text is not null && DateTimeOffset.TryParse(text.Trim().Replace(" GMT", " +00:00", StringComparison.Ordinal).Replace(" UT", " +00:00", StringComparison.Ordinal), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static DateTimeOffset? Iso(string? text) =>
        text is not null && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string Hash(string content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32];

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
