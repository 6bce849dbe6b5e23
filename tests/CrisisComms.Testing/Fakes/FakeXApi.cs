using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

public sealed record FakeTweet(string Id, string Text, string? InReplyTo, DateTimeOffset CreatedAt, string AuthorId)
{
    public long Impressions { get; set; }

    public long Likes { get; set; }
}

/// <summary>
/// X API v2 as the official OpenAPI spec (../shared/specs/x) describes it: POST /2/tweets (with reply),
/// DELETE /2/tweets/{id}, GET /2/users/{id}/tweets (the timeline, newest first, paged), GET /2/tweets
/// with public_metrics, and the OAuth 2.0 token endpoint. Like X, it refuses a second post with the same
/// text ("duplicate content", 403, no id) and answers 429 with x-rate-limit-reset.
/// </summary>
public sealed partial class FakeXApi : FakeApi
{
    private readonly ConcurrentDictionary<string, FakeTweet> _tweets = new();
    private long _nextId = 1850000000000000000;
    private int _creates;

    private FakeXApi()
    {
    }

    public string UserId { get; init; } = "1600000000000000001";

    /// <summary>Consumer key expected in OAuth 1.0a headers.</summary>
    public string ConsumerKey { get; set; } = "test-consumer-key";

    /// <summary>OAuth 2.0 access tokens accepted as Bearer (refreshing issues another).</summary>
    public ConcurrentDictionary<string, bool> BearerTokens { get; } = new();

    public IReadOnlyList<FakeTweet> Tweets => _tweets.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();

    public int Creates => _creates;

    public int Refreshes { get; private set; }

    /// <summary>X refuses a second post with the same text; switch off to see whether a caller would post twice.</summary>
    public bool RejectDuplicates { get; set; } = true;

    public static async Task<FakeXApi> StartAsync(Action<FakeXApi>? configure = null)
    {
        var fake = new FakeXApi();
        configure?.Invoke(fake);
        await fake.StartServerAsync();
        return fake;
    }

    /// <summary>A post by someone else (a member of the public), e.g. the mention a reply answers.</summary>
    public FakeTweet AddPublicTweet(string authorId, string text, string? inReplyTo = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        return _tweets[id] = new FakeTweet(id, text, inReplyTo, DateTimeOffset.UtcNow, authorId);
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/2/tweets", (Delegate)CreateAsync);
        app.MapDelete("/2/tweets/{id}", (HttpContext context, string id) =>
            Authorised(context) is { } denied ? denied : Results.Json(new { data = new { deleted = _tweets.TryRemove(id, out _) } }));
        app.MapGet("/2/users/{id}/tweets", Timeline);
        app.MapGet("/2/tweets", Lookup);
        app.MapPost("/2/oauth2/token", (Delegate)RefreshAsync);
        MapListening(app);
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        if (Authorised(context) is { } denied)
        {
            return denied;
        }

        if (Fault(context, RateLimited) is { } fault)
        {
            return fault;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var root = body.RootElement;
        foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("text" or "reply" or "reply_settings" or "quote_tweet_id" or "media" or "poll" or "for_super_followers_only" or "direct_message_deep_link" or "geo" or "community_id" or "nullcast" or "card_uri" or "made_with_ai" or "paid_partnership" or "share_with_followers" or "edit_options")))
        {
            Violation($"POST /2/tweets: unknown property '{property.Name}'");
        }

        if (!root.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            Violation("POST /2/tweets: text is missing");
            return Problem(400, "Invalid Request", "One or more parameters to your request was invalid.");
        }

        var text = textElement.GetString()!;
        string? replyTo = root.TryGetProperty("reply", out var reply) && reply.TryGetProperty("in_reply_to_tweet_id", out var target) ? target.GetString() : null;
        Interlocked.Increment(ref _creates);
        if (RejectDuplicates && _tweets.Values.Any(t => t.Text == text))
        {
            return Problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.");
        }

        if (replyTo is not null && !_tweets.ContainsKey(replyTo))
        {
            return Problem(400, "Invalid Request", "The Tweet you are replying to does not exist.");
        }

        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        _tweets[id] = new FakeTweet(id, text, replyTo, DateTimeOffset.UtcNow, UserId);
        return Answer(context, Results.Json(new { data = new { id, text, edit_history_tweet_ids = new[] { id } } }, statusCode: 201));
    }

    private IResult Timeline(HttpContext context, string id, int? max_results, string? start_time, string? pagination_token)
    {
        if (Authorised(context, appOnly: true) is { } denied)
        {
            return denied;
        }

        var since = start_time is null ? DateTimeOffset.MinValue : DateTimeOffset.Parse(start_time, CultureInfo.InvariantCulture);
        var all = _tweets.Values.Where(t => t.AuthorId == id && t.CreatedAt >= since).OrderByDescending(t => t.Id, StringComparer.Ordinal).ToList();
        var skip = int.TryParse(pagination_token, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var take = Math.Clamp(max_results ?? 10, 5, 100);
        var page = all.Skip(skip).Take(take).Select(t => new { id = t.Id, text = t.Text }).ToList();
        object meta = skip + take < all.Count
            ? new { result_count = page.Count, next_token = (skip + take).ToString(CultureInfo.InvariantCulture) }
            : new { result_count = page.Count };
        return page.Count == 0 ? Results.Json(new { meta }) : Results.Json(new { data = page, meta });
    }

    private IResult Lookup(HttpContext context, string ids)
    {
        if (Authorised(context, appOnly: true) is { } denied)
        {
            return denied;
        }

        var found = ids.Split(',').Select(i => _tweets.GetValueOrDefault(i)).OfType<FakeTweet>()
            .Select(t => new { id = t.Id, text = t.Text, public_metrics = new { retweet_count = 0, reply_count = _tweets.Values.Count(r => r.InReplyTo == t.Id), like_count = t.Likes, quote_count = 0, bookmark_count = 0, impression_count = t.Impressions } })
            .ToList();
        // As X does: nothing found is no "data" at all, and a resource-not-found error per id.
        return found.Count > 0
            ? Results.Json(new { data = found })
            : Results.Json(new { errors = ids.Split(',').Select(i => new { value = i, detail = $"Could not find tweet with ids: [{i}].", title = "Not Found Error", resource_type = "tweet", parameter = "ids", type = "https://api.twitter.com/2/problems/resource-not-found" }) });
    }

    private async Task<IResult> RefreshAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "refresh_token" || string.IsNullOrEmpty(form["refresh_token"]))
        {
            return Results.Json(new { error = "invalid_request" }, statusCode: 400);
        }

        Refreshes++;
        var token = $"access-{Guid.NewGuid():N}";
        BearerTokens[token] = true;
        return Results.Json(new { token_type = "bearer", expires_in = 7200, access_token = token, scope = "tweet.read tweet.write users.read offline.access", refresh_token = $"refresh-{Guid.NewGuid():N}" });
    }

    /// <summary>
    /// User context: an OAuth 1.0a header for our consumer key (with its signature), or a known OAuth 2.0 token.
    /// Reads also take the app-only bearer token; writes (post, delete) need user context, as on X.
    /// </summary>
    private IResult? Authorised(HttpContext context, bool appOnly = false)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (appOnly && header == "Bearer " + AppBearerToken)
        {
            return null;
        }

        if (header.StartsWith("OAuth ", StringComparison.Ordinal))
        {
            foreach (var required in new[] { "oauth_consumer_key", "oauth_nonce", "oauth_signature", "oauth_signature_method=\"HMAC-SHA1\"", "oauth_timestamp", "oauth_token", "oauth_version=\"1.0\"" })
            {
                if (!header.Contains(required, StringComparison.Ordinal))
                {
                    Violation($"OAuth 1.0a header without {required}");
                    return Problem(401, "Unauthorized", "Unauthorized");
                }
            }

            return header.Contains($"oauth_consumer_key=\"{ConsumerKey}\"", StringComparison.Ordinal) ? null : Problem(401, "Unauthorized", "Unauthorized");
        }

        return header.StartsWith("Bearer ", StringComparison.Ordinal) && BearerTokens.ContainsKey(header[7..]) ? null : Problem(401, "Unauthorized", "Unauthorized");
    }

    private static IResult RateLimited(TimeSpan reset) => new RateLimitResult(reset);

    private static IResult Problem(int status, string title, string detail) =>
        Results.Json(new { title, detail, type = "about:blank", status }, statusCode: status, contentType: "application/problem+json");

    private sealed class RateLimitResult(TimeSpan reset) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 429;
            httpContext.Response.Headers["x-rate-limit-limit"] = "100";
            httpContext.Response.Headers["x-rate-limit-remaining"] = "0";
            httpContext.Response.Headers["x-rate-limit-reset"] = DateTimeOffset.UtcNow.Add(reset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsJsonAsync(new { title = "Too Many Requests", detail = "Too Many Requests", type = "about:blank", status = 429 });
        }
    }
}
