using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>Someone on X (not the account the fake serves).</summary>
public sealed record FakeXUser(string Id, string Username, string Name, long Followers);

/// <summary>A post by someone else, as the monitoring side of the fake holds it.</summary>
public sealed record FakeXPost(string Id, string Text, FakeXUser Author, DateTimeOffset CreatedAt)
{
    public string? ReplyTo { get; init; }

    public string? RepostOf { get; init; }

    public string Lang { get; init; } = "en";
}

/// <summary>
/// The listening half of X API v2, as the published spec (2.167) describes it:
/// <c>GET /2/users/{id}/mentions</c> and <c>GET /2/tweets/search/recent</c>, newest first, with since_id,
/// until_id, start_time, max_results and paging; post.fields/expansions/user.fields checked against the
/// spec's enums, unknown parameters reported as violations. Each endpoint has X's app limit (450 requests
/// per 15-minute window by default) and answers 429 with x-rate-limit-reset when it is spent.
/// </summary>
public sealed partial class FakeXApi
{
    private static readonly Lazy<IReadOnlyDictionary<string, HashSet<string>>> ListeningSpec = new(LoadListeningSpec);
    private readonly ConcurrentDictionary<string, FakeXPost> _heard = new();
    private readonly ConcurrentQueue<string> _rawAnswers = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset WindowStart, int Count)> _windows = new();
    private long _nextHeardId = 1860000000000000000;

    /// <summary>The account's handle, as mentions address it (@Username).</summary>
    public string Username { get; init; } = "DemoCountyCouncil";

    /// <summary>An app-only bearer token the fake accepts (X's "BearerToken" scheme).</summary>
    public string AppBearerToken { get; init; } = "app-bearer-token";

    /// <summary>Requests per 15-minute window per endpoint, as X allows an app.</summary>
    public int RequestsPerWindow { get; set; } = 450;

    /// <summary>The fake's clock (created_at, rate-limit windows and resets).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public IReadOnlyList<FakeXPost> Heard => _heard.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

    /// <summary>A listening request for which this returns a status is answered with it (e.g. fail only the pages after the first).</summary>
    public Func<IQueryCollection, int?>? FailWhen { get; set; }

    /// <summary>The next mentions/search answers are these bodies, as given (to see what odd answers do).</summary>
    public void AnswerNextWith(string rawBody) => _rawAnswers.Enqueue(rawBody);

    /// <summary>Someone posts; returns the post (ids grow, as X's do).</summary>
    public FakeXPost Post(FakeXUser author, string text, string? replyTo = null, string? repostOf = null, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(author);
        var id = Interlocked.Increment(ref _nextHeardId).ToString(CultureInfo.InvariantCulture);
        var post = new FakeXPost(id, text, author, at ?? Clock.GetUtcNow()) { ReplyTo = replyTo, RepostOf = repostOf };
        _heard[id] = post;
        return post;
    }

    private void MapListening(WebApplication app)
    {
        app.MapGet("/2/users/{id}/mentions", (Delegate)MentionsAsync);
        app.MapGet("/2/tweets/search/recent", (Delegate)SearchAsync);
    }

    private Task<IResult> MentionsAsync(HttpContext context, string id) =>
        ListAsync(context, "/2/users/{id}/mentions", p => id == UserId && p.Text.Contains("@" + Username, StringComparison.OrdinalIgnoreCase));

    private Task<IResult> SearchAsync(HttpContext context)
    {
        var query = context.Request.Query["query"].ToString();
        if (string.IsNullOrEmpty(query))
        {
            Violation("search/recent: query is required");
            return Task.FromResult(Problem(400, "Invalid Request", "The `query` query parameter can not be empty"));
        }

        return ListAsync(context, "/2/tweets/search/recent", Matcher(query));
    }

    private async Task<IResult> ListAsync(HttpContext context, string path, Func<FakeXPost, bool> matches)
    {
        await Faults.PassGateAsync();
        if (Authorised(context, appOnly: true) is { } denied)
        {
            return denied;
        }

        if (Fault(context, RateLimited) is { } fault)
        {
            return fault;
        }

        if (Spend(path) is { } limited)
        {
            return limited;
        }

        if (FailWhen?.Invoke(context.Request.Query) is { } status)
        {
            return Problem(status, "Service Unavailable", "Service Unavailable");
        }

        if (_rawAnswers.TryDequeue(out var raw))
        {
            return Results.Text(raw, "application/json");
        }

        var q = context.Request.Query;
        CheckParameters(path, q);
        var max = int.TryParse(q["max_results"], CultureInfo.InvariantCulture, out var m) ? m : 10;
        var since = q["since_id"].ToString();
        var until = q["until_id"].ToString();
        var start = q["start_time"].ToString() is { Length: > 0 } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var skip = int.TryParse(q["pagination_token"].ToString() is { Length: > 0 } pt ? pt : q["next_token"].ToString(), CultureInfo.InvariantCulture, out var t) ? t : 0;
        var all = _heard.Values
            .Where(p => matches(p))
            .Where(p => since.Length == 0 || Compare(p.Id, since) > 0)
            .Where(p => until.Length == 0 || Compare(p.Id, until) < 0)
            .Where(p => start is null || p.CreatedAt >= start)
            .OrderByDescending(p => p.Id.Length).ThenByDescending(p => p.Id, StringComparer.Ordinal)
            .ToList();
        var page = all.Skip(skip).Take(max).ToList();
        var meta = new Dictionary<string, object> { ["result_count"] = page.Count };
        if (page.Count > 0)
        {
            meta["newest_id"] = page[0].Id;
            meta["oldest_id"] = page[^1].Id;
        }

        if (skip + max < all.Count)
        {
            meta["next_token"] = (skip + max).ToString(CultureInfo.InvariantCulture);
        }

        if (page.Count == 0)
        {
            return Results.Json(new { meta });
        }

        var data = page.Select(p => Render(p)).ToList();
        var users = page.Select(p => p.Author).DistinctBy(u => u.Id).Select(u => new
        {
            id = u.Id,
            username = u.Username,
            name = u.Name,
            public_metrics = new { followers_count = u.Followers, following_count = 10, post_count = 100, listed_count = 1 },
        });
        return Results.Json(new { data, includes = new { users }, meta });
    }

    private Dictionary<string, object?> Render(FakeXPost p)
    {
        var post = new Dictionary<string, object?>
        {
            ["id"] = p.Id,
            ["text"] = p.Text,
            ["author_id"] = p.Author.Id,
            ["created_at"] = p.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["conversation_id"] = p.ReplyTo ?? p.Id,
            ["lang"] = p.Lang,
            ["edit_history_post_ids"] = new[] { p.Id },
        };
        var tags = Hashtag().Matches(p.Text).Select(h => new { start = h.Index, end = h.Index + h.Length, tag = h.Value[1..] }).ToList();
        if (tags.Count > 0)
        {
            post["entities"] = new { hashtags = tags };
        }

        var references = new List<object>();
        if (p.ReplyTo is not null)
        {
            references.Add(new { type = "replied_to", id = p.ReplyTo });
        }

        if (p.RepostOf is not null)
        {
            references.Add(new { type = "retweeted", id = p.RepostOf });
        }

        if (references.Count > 0)
        {
            post["referenced_posts"] = references;
        }

        return post;
    }

    /// <summary>A small subset of X's query language: terms and "quoted phrases" (all must match), #tags whole, -from:user.</summary>
    private static Func<FakeXPost, bool> Matcher(string query)
    {
        var tokens = QueryToken().Matches(query).Select(t => t.Value).ToList();
        return post => tokens.All(token =>
        {
            var negated = token.StartsWith('-');
            var term = negated ? token[1..] : token;
            bool hit;
            if (term.StartsWith("from:", StringComparison.Ordinal))
            {
                var who = term[5..];
                hit = post.Author.Id == who || post.Author.Username.Equals(who, StringComparison.OrdinalIgnoreCase);
            }
            else if (term.StartsWith('#'))
            {
                hit = Hashtag().Matches(post.Text).Any(h => h.Value.Equals(term, StringComparison.OrdinalIgnoreCase));
            }
            else
            {
                hit = post.Text.Contains(term.Trim('"'), StringComparison.OrdinalIgnoreCase);
            }

            return negated ? !hit : hit;
        });
    }

    private IResult? Spend(string path)
    {
        var now = Clock.GetUtcNow();
        var window = _windows.AddOrUpdate(path, _ => (now, 1), (_, w) => now - w.WindowStart >= TimeSpan.FromMinutes(15) ? (now, 1) : (w.WindowStart, w.Count + 1));
        return window.Count > RequestsPerWindow ? new ListeningRateLimit(window.WindowStart.AddMinutes(15), RequestsPerWindow) : null;
    }

    private void CheckParameters(string path, IQueryCollection query)
    {
        var spec = ListeningSpec.Value;
        foreach (var (name, values) in query)
        {
            if (!spec.TryGetValue($"{path} {name}", out var allowed))
            {
                Violation($"GET {path}: '{name}' is not a parameter of this endpoint in the spec");
                continue;
            }

            if (allowed.Count > 0)
            {
                foreach (var value in values.SelectMany(v => (v ?? string.Empty).Split(',')).Where(v => !allowed.Contains(v)))
                {
                    Violation($"GET {path}: {name} value '{value}' is not in the spec's enum");
                }
            }
        }

        if (int.TryParse(query["max_results"], CultureInfo.InvariantCulture, out var max) && (max < (path.Contains("search", StringComparison.Ordinal) ? 10 : 5) || max > 100))
        {
            Violation($"GET {path}: max_results {max} is out of range");
        }

        foreach (var id in new[] { "since_id", "until_id" }.Select(n => query[n].ToString()).Where(v => v.Length > 0 && !Regex.IsMatch(v, "^[0-9]{1,19}$")))
        {
            Violation($"GET {path}: '{id}' is not a post id");
        }

        if (query["start_time"].ToString() is { Length: > 0 } startTime && !DateTimeOffset.TryParseExact(startTime, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            Violation($"GET {path}: start_time '{startTime}' is not RFC 3339 (YYYY-MM-DDTHH:mm:ssZ)");
        }
    }

    private static int Compare(string a, string b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    /// <summary>Each listening endpoint's parameters from the spec: "path name" → allowed values (empty: any).</summary>
    private static Dictionary<string, HashSet<string>> LoadListeningSpec()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "x", "x-api-v2-openapi.json")));
        var root = doc.RootElement;
        var parameters = root.GetProperty("components").GetProperty("parameters");
        var spec = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var path in new[] { "/2/users/{id}/mentions", "/2/tweets/search/recent" })
        {
            foreach (var p in root.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray())
            {
                var parameter = p.TryGetProperty("$ref", out var reference) ? parameters.GetProperty(reference.GetString()!.Split('/')[^1]) : p;
                if (parameter.GetProperty("in").GetString() != "query")
                {
                    continue;
                }

                var schema = parameter.GetProperty("schema");
                var values = schema.TryGetProperty("items", out var items) && items.TryGetProperty("enum", out var itemEnum) ? itemEnum
                    : schema.TryGetProperty("enum", out var plainEnum) ? plainEnum : default;
                spec[$"{path} {parameter.GetProperty("name").GetString()}"] = values.ValueKind == JsonValueKind.Array
                    ? values.EnumerateArray().Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal)
                    : [];
            }
        }

        return spec;
    }

    [GeneratedRegex(@"(?<![\w&])#\w+", RegexOptions.CultureInvariant)]
    private static partial Regex Hashtag();

    [GeneratedRegex("-?\"[^\"]*\"|\\S+", RegexOptions.CultureInvariant)]
    private static partial Regex QueryToken();

    private sealed class ListeningRateLimit(DateTimeOffset reset, int limit) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 429;
            httpContext.Response.Headers["x-rate-limit-limit"] = limit.ToString(CultureInfo.InvariantCulture);
            httpContext.Response.Headers["x-rate-limit-remaining"] = "0";
            httpContext.Response.Headers["x-rate-limit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsJsonAsync(new { title = "Too Many Requests", detail = "Too Many Requests", type = "about:blank", status = 429 });
        }
    }
}
