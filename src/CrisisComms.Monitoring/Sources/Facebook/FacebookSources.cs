using System.Globalization;
using System.Text.Json;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Platform.Signatures;
using CrisisComms.Platform.State;

namespace CrisisComms.Monitoring.Sources.Facebook;

/// <summary>Where the page's comments and visitor posts have been read to (Unix seconds of the newest seen).</summary>
internal sealed record FacebookCursor(long Since);

/// <summary>
/// Comments on the page's recent posts and posts visitors leave on the page, polled through the Graph API
/// (<c>/{page}/feed</c> to find posts with new activity, <c>/{post}/comments</c>, <c>/{page}/visitor_posts</c>),
/// each read from a watermark with a short overlap (late-indexed items are not missed; repeats are
/// deduplicated). The page's own words are not mentions.
/// </summary>
/// <remarks>
/// Settings: <c>baseUrl</c> (https://graph.facebook.com/v21.0), <c>pageId</c>, <c>commentWindowDays</c> (3),
/// <c>requestsPerWindow</c> (200) / <c>windowMinutes</c> (60). Credentials: <c>pageAccessToken</c>.
/// </remarks>
internal sealed class FacebookCommentsSource(IHttpClientFactory http, TimeProvider time) : MentionSource
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    private const int MaxPages = 20;

    public override string Type => SourceTypes.FacebookComments;

    public override string Channel => "facebook";

    public override async Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var account = poll.Account;
        var pageId = account.RequiredSetting("pageId");
        var token = account.Secret("pageAccessToken");
        var cursor = poll.Cursor is { Length: > 0 } json ? JsonSerializer.Deserialize<FacebookCursor>(json, SourceJson.Options)! : new FacebookCursor((poll.Now - poll.FirstPollLookback).ToUnixTimeSeconds());
        var since = cursor.Since - (long)Overlap.TotalSeconds;
        var window = poll.Now.AddDays(-account.Number("commentWindowDays", 3, 1, 90)).ToUnixTimeSeconds();
        var policy = TokenBucketPolicy.PerWindow(account.Number("requestsPerWindow", 200, 1, 1_000_000), TimeSpan.FromMinutes(account.Number("windowMinutes", 60, 1, 1440)));
        var baseUrl = account.BaseUrl("https://graph.facebook.com/v21.0");
        var items = new List<CapturedMention>();
        var rejected = new List<SourceRejection>();
        var newest = cursor.Since;

        async Task<List<JsonElement>> ListAsync(string relative)
        {
            var found = new List<JsonElement>();
            Uri? next = new(baseUrl, relative + (relative.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "access_token=" + Uri.EscapeDataString(token));
            for (var page = 0; next is not null && page < MaxPages; page++)
            {
                await poll.Pacer.TakeAsync("graph", policy, cancellationToken);
                using var request = new HttpRequestMessage(HttpMethod.Get, next);
                var body = await SourceHttp.GetStringAsync(http.CreateClient(SourceHttp.ClientName), request, "Facebook", poll.CallTimeout, time, ErrorText, cancellationToken);
                using var doc = Json(body);
                if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                {
                    throw new SourceException("Facebook answered without a data list");
                }

                found.AddRange(data.EnumerateArray().Select(e => e.Clone()));
                next = doc.RootElement.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object
                    && paging.TryGetProperty("next", out var link) && link.ValueKind == JsonValueKind.String
                    && Uri.TryCreate(link.GetString(), UriKind.Absolute, out var uri) ? uri : null;
            }

            return found;
        }

        // The page's recent posts with activity since the watermark (a new comment moves updated_time).
        var posts = await ListAsync($"{Uri.EscapeDataString(pageId)}/feed?fields=id,created_time,updated_time&since={window}&limit=100");
        foreach (var post in posts)
        {
            var postId = Str(post, "id");
            if (postId is null || (Time(post, "updated_time") is { } updated && updated.ToUnixTimeSeconds() < since))
            {
                continue;
            }

            var comments = await ListAsync($"{Uri.EscapeDataString(postId)}/comments?filter=stream&order=reverse_chronological&since={since}&fields=id,message,created_time,from,parent,permalink_url&limit=100");
            foreach (var comment in comments)
            {
                Add(comment, postId, isComment: true);
            }
        }

        foreach (var visitorPost in await ListAsync($"{Uri.EscapeDataString(pageId)}/visitor_posts?fields=id,message,created_time,from,permalink_url&since={since}&limit=100"))
        {
            Add(visitorPost, null, isComment: false);
        }

        return new SourcePage(items, rejected, JsonSerializer.Serialize(new FacebookCursor(newest), SourceJson.Options), More: false);

        void Add(JsonElement element, string? postId, bool isComment)
        {
            var id = Str(element, "id");
            var created = Time(element, "created_time");
            if (id is null || created is null)
            {
                rejected.Add(new SourceRejection(id, "item without id or created_time", Excerpt(element)));
                return;
            }

            newest = Math.Max(newest, created.Value.ToUnixTimeSeconds());
            var (fromId, fromName) = From(element);
            if (fromId == pageId)
            {
                return;
            }

            var parent = element.TryGetProperty("parent", out var p) && p.ValueKind == JsonValueKind.Object ? Str(p, "id") : null;
            items.Add(new CapturedMention(id, fromName ?? "Facebook user", Str(element, "message") ?? string.Empty, created.Value)
            {
                Kind = isComment ? (parent is null ? MentionKinds.Comment : MentionKinds.Reply) : MentionKinds.VisitorPost,
                AuthorId = fromId,
                InReplyToNativeId = isComment ? parent ?? postId : null,
                ConversationId = postId ?? id,
                Url = Str(element, "permalink_url"),
            });
        }
    }

    internal static (string? Id, string? Name) From(JsonElement element) =>
        element.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.Object ? (Str(from, "id"), Str(from, "name")) : (null, null);

    internal static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>Graph times: ISO 8601 with a +0000 offset (or Unix seconds, as webhooks send them).</summary>
    internal static DateTimeOffset? Time(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        return value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParseExact(value.GetString(), ["yyyy-MM-ddTHH:mm:sszzz", "yyyy-MM-ddTHH:mm:sszz00", "yyyy-MM-ddTHH:mm:ssK", "o"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
    }

    internal static string Excerpt(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length > 200 ? raw[..200] : raw;
    }

    private static JsonDocument Json(string body)
    {
        try
        {
            var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new SourceException("Facebook answered JSON that is not an object");
            }

            return doc;
        }
        catch (JsonException e)
        {
            throw new SourceException($"Facebook answered something that is not JSON ({e.Message})");
        }
    }

    private static string? ErrorText(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? Str(e, "message") : null;
}

/// <summary>
/// Meta's page webhooks (<c>feed</c> field): comments and visitor posts pushed as they happen. The
/// signature (<c>X-Hub-Signature-256</c>, HMAC-SHA256 of the raw body with the app secret) is checked
/// before anything is parsed; the signature itself identifies the delivery for replay protection.
/// </summary>
/// <remarks>Credentials: <c>appSecret</c>, <c>verifyToken</c> (for Meta's subscription check).</remarks>
internal sealed class FacebookWebhookSource : MentionSource
{
    public override string Type => SourceTypes.FacebookWebhook;

    public override string Channel => "facebook";

    public override WebhookReading Receive(SourceAccountView account, WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        if (account.SecretOrNull("appSecret") is not { } secret)
        {
            return WebhookReading.Refused(WebhookOutcome.NotConfigured, "facebook: credential 'appSecret' is not set");
        }

        var signature = request.Headers[MetaSignature.HeaderName].ToString();
        if (!MetaSignature.IsValid(request.Body, signature, secret))
        {
            return WebhookReading.Refused(WebhookOutcome.BadSignature, $"{MetaSignature.HeaderName} does not match the body");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(request.Body);
        }
        catch (JsonException e)
        {
            return WebhookReading.Refused(WebhookOutcome.Malformed, $"not JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || FacebookCommentsSource.Str(root, "object") != "page"
                || !root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                return WebhookReading.Refused(WebhookOutcome.Malformed, "not a page webhook (object \"page\" with an entry list)");
            }

            var pageId = account.Setting("pageId");
            var items = new List<CapturedMention>();
            var rejected = new List<SourceRejection>();
            foreach (var entry in entries.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var change in changes.EnumerateArray())
                {
                    Read(change, pageId ?? FacebookCommentsSource.Str(entry, "id"), items, rejected);
                }
            }

            // Meta sends no delivery id; the signature is the HMAC of the exact body, so a replay carries the same one.
            return WebhookReading.Read(signature.Trim().ToLowerInvariant(), items, rejected);
        }
    }

    private static void Read(JsonElement change, string? pageId, List<CapturedMention> items, List<SourceRejection> rejected)
    {
        if (change.ValueKind != JsonValueKind.Object || FacebookCommentsSource.Str(change, "field") != "feed"
            || !change.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var item = FacebookCommentsSource.Str(value, "item");
        var verb = FacebookCommentsSource.Str(value, "verb");
        if (verb != "add" || item is not ("comment" or "post" or "status" or "photo" or "video"))
        {
            // Edits, removals, reactions: not new words.
            return;
        }

        var (fromId, fromName) = FacebookCommentsSource.From(value);
        if (fromId is not null && fromId == pageId)
        {
            return;
        }

        var postId = FacebookCommentsSource.Str(value, "post_id");
        var id = item == "comment" ? FacebookCommentsSource.Str(value, "comment_id") : postId;
        var message = FacebookCommentsSource.Str(value, "message");
        if (id is null)
        {
            rejected.Add(new SourceRejection(null, $"{item} without an id", FacebookCommentsSource.Excerpt(value)));
            return;
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            rejected.Add(new SourceRejection(id, $"{item} without a message"));
            return;
        }

        var parent = FacebookCommentsSource.Str(value, "parent_id");
        items.Add(new CapturedMention(id, fromName ?? "Facebook user", message, FacebookCommentsSource.Time(value, "created_time") ?? default)
        {
            Kind = item == "comment" ? (parent is null || parent == postId ? MentionKinds.Comment : MentionKinds.Reply) : MentionKinds.VisitorPost,
            AuthorId = fromId,
            InReplyToNativeId = item == "comment" ? parent ?? postId : null,
            ConversationId = postId ?? id,
        });
    }
}
