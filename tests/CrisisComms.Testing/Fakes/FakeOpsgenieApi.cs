using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>An Opsgenie alert: one per alias while open (Opsgenie dedupes by alias, counting repeats).</summary>
public sealed class FakeOpsgenieAlert
{
    public required string Alias { get; init; }

    public required string Message { get; init; }

    public string? Priority { get; init; }

    public string Status { get; internal set; } = "open";

    public bool Acknowledged { get; internal set; }

    public int Count { get; internal set; }

    public string? Responder { get; init; }
}

/// <summary>
/// Opsgenie Alert API v2: <c>POST /v2/alerts</c>, <c>POST /v2/alerts/{identifier}/acknowledge</c> and <c>/close</c>
/// (identifierType id or alias), <c>Authorization: GenieKey …</c>. Answers 202 with a request id as Opsgenie does,
/// 401 for an unknown key, 422 for a missing message; faults: 429, 5xx, dropped answers.
/// </summary>
public sealed class FakeOpsgenieApi : FakeApi
{
    private readonly ConcurrentDictionary<string, FakeOpsgenieAlert> _alerts = new();
    private readonly ConcurrentQueue<string> _bodies = new();

    private FakeOpsgenieApi()
    {
    }

    public HashSet<string> ApiKeys { get; } = [];

    public IReadOnlyList<FakeOpsgenieAlert> Alerts => [.. _alerts.Values];

    /// <summary>Every request body received, in order.</summary>
    public IReadOnlyList<string> Bodies => [.. _bodies];

    public static async Task<FakeOpsgenieApi> StartAsync(params string[] apiKeys)
    {
        var fake = new FakeOpsgenieApi();
        fake.ApiKeys.UnionWith(apiKeys);
        await fake.StartServerAsync();
        return fake;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v2/alerts", (Delegate)CreateAsync);
        app.MapPost("/v2/alerts/{identifier}/{action}", ActAsync);
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        if (await CheckAsync(context) is { } refused)
        {
            return refused;
        }

        var root = (JsonElement)context.Items["json"]!;
        var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
        if (string.IsNullOrWhiteSpace(message))
        {
            Violation("create alert without message");
            return Error(StatusCodes.Status422UnprocessableEntity, "Request body is not processable. Please check the errors.");
        }

        if (message.Length > 130)
        {
            Violation("message longer than 130");
        }

        var alias = root.TryGetProperty("alias", out var a) ? a.GetString() ?? message : message;
        string? responder = root.TryGetProperty("responders", out var r) && r.ValueKind == JsonValueKind.Array && r.GetArrayLength() > 0 && r[0].TryGetProperty("username", out var u) ? u.GetString() : null;
        var alert = _alerts.AddOrUpdate(alias,
            _ => new FakeOpsgenieAlert { Alias = alias, Message = message, Priority = root.TryGetProperty("priority", out var p) ? p.GetString() : null, Responder = responder },
            (_, existing) => existing.Status == "closed" ? new FakeOpsgenieAlert { Alias = alias, Message = message, Responder = responder } : existing);
        alert.Count++;
        return Accepted(context);
    }

    private async Task<IResult> ActAsync(HttpContext context, string identifier, string action)
    {
        if (await CheckAsync(context) is { } refused)
        {
            return refused;
        }

        var byAlias = context.Request.Query["identifierType"] == "alias";
        var alert = byAlias ? _alerts.GetValueOrDefault(identifier) : null;
        if (alert is null)
        {
            // Opsgenie answers 202 and fails the request asynchronously for an unknown alert.
            return Accepted(context);
        }

        switch (action)
        {
            case "acknowledge":
                alert.Acknowledged = true;
                break;
            case "close":
                alert.Status = "closed";
                break;
            default:
                return Error(StatusCodes.Status404NotFound, "Not found");
        }

        return Accepted(context);
    }

    private async Task<IResult?> CheckAsync(HttpContext context)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("GenieKey ", StringComparison.Ordinal) || !ApiKeys.Contains(auth["GenieKey ".Length..]))
        {
            return Error(StatusCodes.Status401Unauthorized, "Could not authenticate");
        }

        if (Fault(context, reset =>
            {
                context.Response.Headers["X-RateLimit-State"] = "THROTTLED";
                context.Response.Headers["X-RateLimit-Period-In-Sec"] = ((int)Math.Ceiling(reset.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Error(StatusCodes.Status429TooManyRequests, "You are making too many requests! To avoid this error, you may consider decreasing your request rate.");
            }) is { } fault)
        {
            return fault;
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        _bodies.Enqueue(text);
        try
        {
            context.Items["json"] = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "Could not parse the request body");
        }

        return null;
    }

    private IResult Accepted(HttpContext context) =>
        Answer(context, Results.Json(new { result = "Request will be processed", took = 0.01, requestId = Guid.NewGuid() }, statusCode: StatusCodes.Status202Accepted));

    private static IResult Error(int status, string message) =>
        Results.Json(new { message, took = 0.0, requestId = Guid.NewGuid() }, statusCode: status);
}
