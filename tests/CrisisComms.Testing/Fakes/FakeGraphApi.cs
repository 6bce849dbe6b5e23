using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

public sealed record FakeFacebookPost(string Id, string Message, string? Parent, DateTimeOffset CreatedTime)
{
    /// <summary>Who wrote it (null: the page itself).</summary>
    public string? FromId { get; init; }

    public string? FromName { get; init; }

    /// <summary>A post a visitor left on the page (not the page's own).</summary>
    public bool Visitor { get; init; }
}

/// <summary>
/// The Graph API for one Page: POST /{page-id}/feed, POST /{post-id}/comments, DELETE /{id}, GET feed
/// and post insights. Field names of every POST are checked against Meta's codegen specs
/// (../shared/specs/facebook: Page.json feed, PagePost.json comments); an unknown one is a violation.
/// </summary>
public sealed partial class FakeGraphApi : FakeApi
{
    private static readonly Lazy<(HashSet<string> Feed, HashSet<string> Comments)> Spec = new(LoadSpec);
    private readonly ConcurrentDictionary<string, FakeFacebookPost> _posts = new();
    private long _next = 100;

    private FakeGraphApi()
    {
    }

    public string PageId { get; init; } = "104000000000001";

    public string PageAccessToken { get; init; } = "EAAB-test-page-token";

    public IReadOnlyList<FakeFacebookPost> Posts => _posts.Values.OrderBy(p => p.CreatedTime).ToList();

    public static async Task<FakeGraphApi> StartAsync(Action<FakeGraphApi>? configure = null)
    {
        var fake = new FakeGraphApi();
        configure?.Invoke(fake);
        await fake.StartServerAsync();
        return fake;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v21.0/{id}/{edge}", PostAsync);
        app.MapGet("/v21.0/{id}/feed", Feed);
        MapListening(app);
        app.MapGet("/v21.0/{id}", Read);
        app.MapDelete("/v21.0/{id}", (HttpContext context, string id) =>
            TokenProblem(context.Request.Query["access_token"])
            ?? (_posts.TryRemove(id, out _)
                ? Results.Json(new { success = true })
                : Results.Json(new { error = new { message = $"Unsupported delete request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", type = "GraphMethodException", code = 100, error_subcode = 33, fbtrace_id = "AbCdEf" } }, statusCode: 400)));
    }

    private async Task<IResult> PostAsync(HttpContext context, string id, string edge)
    {
        var form = await context.Request.ReadFormAsync();
        if (TokenProblem(form["access_token"]) is { } denied)
        {
            return denied;
        }

        if (Fault(context, reset => Error(400, 32, "Page request limit reached", reset)) is { } fault)
        {
            return fault;
        }

        var allowed = edge switch
        {
            "feed" when id == PageId => Spec.Value.Feed,
            "comments" when _posts.ContainsKey(id) => Spec.Value.Comments,
            _ => null,
        };
        if (allowed is null)
        {
            return Error(400, 100, $"Unsupported post request. Object with ID '{id}' does not exist or does not support '{edge}'", null);
        }

        foreach (var key in form.Keys.Where(k => k != "access_token" && !allowed.Contains(k)))
        {
            Violation($"POST /{id}/{edge}: '{key}' is not a parameter of this edge in Meta's spec");
        }

        var message = form["message"].ToString();
        if (string.IsNullOrEmpty(message))
        {
            return Error(400, 100, "(#100) Missing message or attachment", null);
        }

        var postId = edge == "feed" ? $"{PageId}_{Interlocked.Increment(ref _next)}" : $"{id.Split('_').Last()}_{Interlocked.Increment(ref _next)}";
        _posts[postId] = new FakeFacebookPost(postId, message, edge == "comments" ? id : null, DateTimeOffset.UtcNow);
        return Answer(context, Results.Json(new { id = postId }));
    }

    private IResult Feed(HttpContext context, string id, long? since)
    {
        if (TokenProblem(context.Request.Query["access_token"]) is { } denied)
        {
            return denied;
        }

        var from = since is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : DateTimeOffset.MinValue;
        var data = _posts.Values.Where(p => p.Parent is null && p.CreatedTime >= from).OrderByDescending(p => p.CreatedTime)
            .Select(p => new { id = p.Id, message = p.Message, created_time = p.CreatedTime.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture), updated_time = GraphTime(UpdatedTime(p)) });
        return Results.Json(new { data });
    }

    private IResult Read(HttpContext context, string id)
    {
        if (TokenProblem(context.Request.Query["access_token"]) is { } denied)
        {
            return denied;
        }

        if (!_posts.TryGetValue(id, out var post))
        {
            return Error(404, 100, "Unsupported get request.", null);
        }

        return Results.Json(new
        {
            id = post.Id,
            shares = new { count = 2 },
            comments = new { data = Array.Empty<object>(), summary = new { total_count = _posts.Values.Count(p => p.Parent == id) } },
            reactions = new { data = Array.Empty<object>(), summary = new { total_count = 5 } },
            insights = new { data = new[] { new { name = "post_impressions", period = "lifetime", values = new[] { new { value = 120 } } } } },
        });
    }

    private IResult? TokenProblem(string? token) =>
        token == PageAccessToken ? null : Error(400, 190, "Invalid OAuth access token - Cannot parse access token", null);

    private static IResult Error(int status, int code, string message, TimeSpan? regain) => new GraphError(status, code, message, regain);

    private static (HashSet<string>, HashSet<string>) LoadSpec()
    {
        static HashSet<string> Params(string file, string method, string edge)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "facebook", "business-sdk-codegen-api_specs", file)));
            var api = doc.RootElement.GetProperty("apis").EnumerateArray()
                .First(a => a.GetProperty("method").GetString() == method && a.TryGetProperty("endpoint", out var e) && e.GetString() == edge);
            return api.GetProperty("params").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
        }

        return (Params("Page.json", "POST", "feed"), Params("PagePost.json", "POST", "comments"));
    }

    private sealed class GraphError(int status, int code, string message, TimeSpan? regain) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (regain is { } wait)
            {
                httpContext.Response.Headers["x-business-use-case-usage"] =
                    $"{{\"104000000000001\":[{{\"type\":\"pages\",\"call_count\":100,\"total_cputime\":10,\"total_time\":10,\"estimated_time_to_regain_access\":{Math.Max(1, (int)wait.TotalMinutes)}}}]}}";
            }

            return httpContext.Response.WriteAsJsonAsync(new { error = new { message, type = code == 190 ? "OAuthException" : "GraphMethodException", code, fbtrace_id = "AbCdEf" } });
        }
    }
}
