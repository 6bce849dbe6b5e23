using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>
/// The listening half of the Graph API for one Page: comments on its posts (<c>GET /{post}/comments</c>,
/// with filter=stream and since), posts visitors leave (<c>GET /{page}/visitor_posts</c>), and Meta's page
/// webhooks, signed as Meta signs them (X-Hub-Signature-256: HMAC-SHA256 of the body with the app secret,
/// computed here independently of the production validator). Parameters are checked against Meta's codegen
/// spec (Page.json visitor_posts, PagePost.json comments) plus the Graph API's common ones.
/// </summary>
public sealed partial class FakeGraphApi
{
    private static readonly string[] Common = ["access_token", "fields", "limit", "after", "before", "since", "until", "pretty"];
    private static readonly Lazy<(HashSet<string> Comments, HashSet<string> VisitorPosts)> ListeningSpec = new(LoadListeningSpec);
    private static readonly HttpClient Webhooks = new();

    /// <summary>The app secret Meta signs webhooks with.</summary>
    public string AppSecret { get; init; } = "test-app-secret";

    /// <summary>Someone comments on a post (or replies to a comment).</summary>
    public FakeFacebookPost Comment(string onId, string fromId, string fromName, string message, DateTimeOffset? at = null)
    {
        var id = $"{onId.Split('_').Last()}_{Interlocked.Increment(ref _next)}";
        var comment = new FakeFacebookPost(id, message, onId, at ?? DateTimeOffset.UtcNow) { FromId = fromId, FromName = fromName };
        _posts[id] = comment;
        return comment;
    }

    /// <summary>Someone leaves a post on the page.</summary>
    public FakeFacebookPost VisitorPost(string fromId, string fromName, string message, DateTimeOffset? at = null)
    {
        var id = $"{PageId}_{Interlocked.Increment(ref _next)}";
        var post = new FakeFacebookPost(id, message, null, at ?? DateTimeOffset.UtcNow) { FromId = fromId, FromName = fromName, Visitor = true };
        _posts[id] = post;
        return post;
    }

    /// <summary>The page's own post (as if published earlier).</summary>
    public FakeFacebookPost PagePost(string message, DateTimeOffset? at = null)
    {
        var id = $"{PageId}_{Interlocked.Increment(ref _next)}";
        var post = new FakeFacebookPost(id, message, null, at ?? DateTimeOffset.UtcNow);
        _posts[id] = post;
        return post;
    }

    /// <summary>The webhook Meta sends for a new comment, as JSON text.</summary>
    public string CommentWebhook(FakeFacebookPost comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        return CommentsWebhook([comment]);
    }

    /// <summary>
    /// One delivery carrying several new comments, one entry each, as Meta aggregates notifications ("sent in a
    /// batch with a maximum of 1000 updates", developers.facebook.com/docs/graph-api/webhooks/getting-started).
    /// </summary>
    public string CommentsWebhook(IReadOnlyList<FakeFacebookPost> comments)
    {
        ArgumentNullException.ThrowIfNull(comments);
        return JsonSerializer.Serialize(new
        {
            @object = "page",
            entry = comments.Select(comment =>
            {
                var postId = PostOf(comment).Id;
                return new
                {
                    id = PageId,
                    time = comment.CreatedTime.ToUnixTimeSeconds(),
                    changes = new[]
                    {
                        new
                        {
                            field = "feed",
                            value = new
                            {
                                from = new { id = comment.FromId, name = comment.FromName },
                                post = new { status_type = "added_photos", is_published = true, updated_time = GraphTime(comment.CreatedTime), permalink_url = $"https://www.facebook.com/{postId}", promotion_status = "inactive", id = postId },
                                message = comment.Message,
                                post_id = postId,
                                comment_id = comment.Id,
                                created_time = comment.CreatedTime.ToUnixTimeSeconds(),
                                item = "comment",
                                parent_id = comment.Parent,
                                verb = "add",
                            },
                        },
                    },
                };
            }).ToArray(),
        });
    }

    /// <summary>Posts a webhook body to <paramref name="target"/>, signed with the app secret (or with the given header value).</summary>
    public async Task<HttpResponseMessage> SendWebhookAsync(Uri target, string body, string? signatureOverride = null, HttpClient? client = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signatureOverride ?? Sign(bytes));
        return await (client ?? Webhooks).SendAsync(request);
    }

    public string Sign(byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(AppSecret), body));

    private void MapListening(WebApplication app)
    {
        app.MapGet("/v21.0/{id}/comments", Comments);
        app.MapGet("/v21.0/{id}/visitor_posts", VisitorPosts);
    }

    private async Task<IResult> Comments(HttpContext context, string id)
    {
        await Faults.PassGateAsync();
        if (TokenProblem(context.Request.Query["access_token"]) is { } denied)
        {
            return denied;
        }

        if (Fault(context, reset => Error(400, 32, "Page request limit reached", reset)) is { } fault)
        {
            return fault;
        }

        Check(context.Request.Query, ListeningSpec.Value.Comments, "comments");
        var since = long.TryParse(context.Request.Query["since"], CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : DateTimeOffset.MinValue;
        // filter=stream: every comment under the post, replies included, in one list.
        var data = _posts.Values.Where(p => p.Parent is not null && PostOf(p).Id == id && p.CreatedTime >= since)
            .OrderByDescending(p => p.CreatedTime)
            .Select(p => Render(p, withParent: p.Parent != id))
            .ToList();
        return Results.Json(new { data, paging = new { cursors = new { before = "b", after = "a" } } });
    }

    private async Task<IResult> VisitorPosts(HttpContext context, string id)
    {
        await Faults.PassGateAsync();
        if (TokenProblem(context.Request.Query["access_token"]) is { } denied)
        {
            return denied;
        }

        Check(context.Request.Query, ListeningSpec.Value.VisitorPosts, "visitor_posts");
        var since = long.TryParse(context.Request.Query["since"], CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : DateTimeOffset.MinValue;
        var data = _posts.Values.Where(p => p.Visitor && id == PageId && p.CreatedTime >= since).OrderByDescending(p => p.CreatedTime).Select(p => Render(p, withParent: false)).ToList();
        return Results.Json(new { data });
    }

    private Dictionary<string, object?> Render(FakeFacebookPost p, bool withParent)
    {
        var item = new Dictionary<string, object?>
        {
            ["id"] = p.Id,
            ["message"] = p.Message,
            ["created_time"] = GraphTime(p.CreatedTime),
            // The page's own comments (its replies) come back from the page.
            ["from"] = new { id = p.FromId ?? PageId, name = p.FromName ?? "Demo County Council" },
            ["permalink_url"] = $"https://www.facebook.com/{p.Id}",
        };
        if (withParent)
        {
            item["parent"] = new { id = p.Parent, created_time = GraphTime(_posts.TryGetValue(p.Parent!, out var parent) ? parent.CreatedTime : p.CreatedTime) };
        }

        return item;
    }

    private void Check(IQueryCollection query, HashSet<string> allowed, string edge)
    {
        foreach (var name in query.Keys.Where(k => !allowed.Contains(k) && !Common.Contains(k)))
        {
            Violation($"GET {edge}: '{name}' is not a parameter of this edge in Meta's spec");
        }
    }

    /// <summary>The top-level post a comment (or reply) is under.</summary>
    private FakeFacebookPost PostOf(FakeFacebookPost item)
    {
        var current = item;
        while (current.Parent is not null && _posts.TryGetValue(current.Parent, out var parent))
        {
            current = parent;
        }

        return current;
    }

    private DateTimeOffset UpdatedTime(FakeFacebookPost post) =>
        _posts.Values.Where(p => p.Parent is not null && PostOf(p).Id == post.Id).Select(p => p.CreatedTime).Append(post.CreatedTime).Max();

    private static string GraphTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "+0000";

    private static (HashSet<string>, HashSet<string>) LoadListeningSpec()
    {
        static HashSet<string> Params(string file, string edge)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "facebook", "business-sdk-codegen-api_specs", file)));
            var api = doc.RootElement.GetProperty("apis").EnumerateArray()
                .First(a => a.GetProperty("method").GetString() == "GET" && a.TryGetProperty("endpoint", out var e) && e.GetString() == edge);
            return api.GetProperty("params").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        return (Params("PagePost.json", "comments"), Params("Page.json", "visitor_posts"));
    }
}
