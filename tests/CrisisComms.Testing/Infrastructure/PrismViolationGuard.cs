using System.Net;
using System.Text;
using System.Text.Json;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// Put in front of an HttpClient that talks to a <see cref="PrismMock"/>: records every exchange and, when Prism
/// says the REQUEST broke the spec, records it as a violation and throws <see cref="PrismViolationException"/>
/// (so the adapter's call fails the test even if the adapter would treat a 4xx as a normal outcome).
/// Prism reports a bad request in one of two ways, both caught here:
/// <list type="bullet">
/// <item>an <c>sl-violations</c> header with an Error located in <c>request…</c>, on the status the spec defines for
/// it (422; 400 when the spec has 400 but no 422, e.g. PagerDuty; 401 for missing credentials);</item>
/// <item>its own <c>application/problem+json</c> 4xx with a <c>https://stoplight.io/prism/errors#…</c> type when the
/// spec defines no such response (e.g. Twilio's 422, an unknown path's 404, a 415).</item>
/// </list>
/// One instance per HttpClient. With IHttpClientFactory use
/// <c>AddHttpMessageHandler(() => new PrismViolationGuard(traffic))</c> so every handler records into one <see cref="PrismTraffic"/>.
/// </summary>
public sealed class PrismViolationGuard : DelegatingHandler
{
    private const string PrismErrorType = "https://stoplight.io/prism/errors#";

    public PrismViolationGuard()
        : this(new PrismTraffic())
    {
    }

    public PrismViolationGuard(PrismTraffic traffic)
    {
        ArgumentNullException.ThrowIfNull(traffic);
        Traffic = traffic;
    }

    /// <summary>False: record violations but hand Prism's response back (to test how an adapter reports a rejection).</summary>
    public bool ThrowOnViolation { get; init; } = true;

    public PrismTraffic Traffic { get; }

    public IReadOnlyList<PrismExchange> Exchanges => Traffic.Exchanges;

    public IReadOnlyList<PrismExchange> Violations => Traffic.Violations;

    public void AssertNoViolations() => Traffic.AssertNoViolations();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? body = null;
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            body = await request.Content.ReadAsStringAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        var violations = await FindViolationsAsync(response, cancellationToken);
        var exchange = new PrismExchange(request.Method.Method, request.RequestUri, Headers(request), body, response.StatusCode, violations);
        Traffic.Add(exchange);
        if (violations is not null && ThrowOnViolation)
        {
            response.Dispose();
            throw new PrismViolationException([exchange]);
        }

        return response;
    }

    private static async Task<string?> FindViolationsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Headers.TryGetValues("sl-violations", out var values))
        {
            var header = string.Join(", ", values);
            return BreaksRequest(header, response.StatusCode) ? "sl-violations: " + header : null;
        }

        if ((int)response.StatusCode is >= 400 and < 500
            && response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var problem = await response.Content.ReadAsStringAsync(cancellationToken);
            return IsPrismError(problem) ? "Prism error: " + problem : null;
        }

        return null;
    }

    /// <summary>An Error located in the request (warnings and response-side findings are Prism's business).</summary>
    private static bool BreaksRequest(string header, HttpStatusCode status)
    {
        try
        {
            using var document = JsonDocument.Parse(header);
            return document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.EnumerateArray().Any(v =>
                v.TryGetProperty("severity", out var severity) && severity.ValueEquals("Error")
                && v.TryGetProperty("location", out var location) && location.ValueKind == JsonValueKind.Array
                && location.GetArrayLength() > 0 && location[0].ValueEquals("request"));
        }
        catch (JsonException)
        {
            return (int)status >= 400;
        }
    }

    private static bool IsPrismError(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString()!.StartsWith(PrismErrorType, StringComparison.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Headers(HttpRequestMessage request)
    {
        var text = new StringBuilder();
        var all = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>());
        foreach (var (name, values) in all)
        {
            text.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
        }

        return text.ToString();
    }
}

/// <summary>What one or more <see cref="PrismViolationGuard"/>s saw; thread-safe.</summary>
public sealed class PrismTraffic
{
    private readonly List<PrismExchange> _exchanges = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<PrismExchange> Exchanges
    {
        get
        {
            lock (_lock)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <summary>The exchanges in which Prism found that the request broke the spec.</summary>
    public IReadOnlyList<PrismExchange> Violations => [.. Exchanges.Where(e => e.IsViolation)];

    /// <summary>Throws <see cref="PrismViolationException"/> naming every request Prism refused.</summary>
    public void AssertNoViolations()
    {
        var violations = Violations;
        if (violations.Count > 0)
        {
            throw new PrismViolationException(violations);
        }
    }

    internal void Add(PrismExchange exchange)
    {
        lock (_lock)
        {
            _exchanges.Add(exchange);
        }
    }
}

/// <param name="RequestHeaders">One <c>Name: value</c> line per header, content headers included.</param>
/// <param name="Violations">Null when Prism accepted the request; otherwise the <c>sl-violations</c> header or Prism's problem body.</param>
public sealed record PrismExchange(
    string Method,
    Uri? RequestUri,
    string RequestHeaders,
    string? RequestBody,
    HttpStatusCode Status,
    string? Violations)
{
    public bool IsViolation => Violations is not null;

    public override string ToString() =>
        $"{Method} {RequestUri} -> {(int)Status} {Status}\n{RequestHeaders}\n{RequestBody}\n{Violations ?? "(accepted)"}";
}

/// <summary>Prism found that a request breaks the API's spec.</summary>
public sealed class PrismViolationException : Exception
{
    public PrismViolationException()
        : this([])
    {
    }

    public PrismViolationException(string message)
        : base(message)
    {
        Exchanges = [];
    }

    public PrismViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Exchanges = [];
    }

    public PrismViolationException(IReadOnlyList<PrismExchange> exchanges)
        : base(Describe(exchanges))
    {
        Exchanges = exchanges;
    }

    public IReadOnlyList<PrismExchange> Exchanges { get; }

    private static string Describe(IReadOnlyList<PrismExchange> exchanges) =>
        $"Prism refused {exchanges.Count} request(s) as breaking the API spec:\n\n" + string.Join("\n\n", exchanges);
}
