using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Api;

/// <summary>What the owning service answered when it refused (its RFC 7807 problem, in words for the page).</summary>
internal sealed record ApiRefusal(int Status, string Type, string Message, IReadOnlyList<string> Errors)
{
    /// <summary>The owning service does not offer this yet (its API predates the console feature).</summary>
    public bool NotOffered => Status is 404 or 405 && Type.Length == 0;
}

/// <summary>An answer from another service's API: the value, or why not.</summary>
internal sealed record ApiResult<T>(T? Value, ApiRefusal? Refusal)
{
    public bool Ok => Refusal is null;
}

/// <summary>
/// The console's pages call each owning service's HTTP API — as the signed-in person, with a
/// short-lived token minted for them — exactly as a script would. In one process the API is this
/// process's own; split, each area goes to the address in <c>CrisisComms:Web:Routes</c>.
/// </summary>
internal sealed class ApiClient(IHttpClientFactory factory, ApiAddresses addresses, ApiTokens tokens, CurrentUser user)
{
    public const string HttpClientName = "crisiscomms-api";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<ApiResult<T>> GetAsync<T>(string area, string path, CancellationToken cancellationToken) =>
        SendAsync<T>(area, HttpMethod.Get, path, null, cancellationToken);

    public Task<ApiResult<T>> PostAsync<T>(string area, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(area, HttpMethod.Post, path, body ?? new { }, cancellationToken);

    public Task<ApiResult<T>> PutAsync<T>(string area, string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(area, HttpMethod.Put, path, body, cancellationToken);

    public Task<ApiResult<T>> PatchAsync<T>(string area, string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(area, HttpMethod.Patch, path, body, cancellationToken);

    private async Task<ApiResult<T>> SendAsync<T>(string area, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var http = factory.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(method, new Uri(addresses.For(area), path.TrimStart('/')));
        request.Headers.Authorization = new("Bearer", tokens.Issue(new TokenSubject(user.Id, user.Name, user.Roles), TimeSpan.FromMinutes(5)));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
            if (method == HttpMethod.Post)
            {
                // A double-click or a retried form must not send twice: the services honour Idempotency-Key.
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var value = response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0
                    ? default
                    : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return new ApiResult<T>(value, null);
            }

            return new ApiResult<T>(default, await RefusalAsync(response, cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return new ApiResult<T>(default, new ApiRefusal(503, "unreachable", $"The {area} service did not answer ({e.Message}).", []));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiResult<T>(default, new ApiRefusal(504, "timeout", $"The {area} service took too long to answer.", []));
        }
    }

    private static async Task<ApiRefusal> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken);
            var type = problem.TryGetProperty("type", out var t) && t.GetString() is { } ty && ty.StartsWith("urn:", StringComparison.Ordinal) ? ty : string.Empty;
            var title = problem.TryGetProperty("title", out var ti) ? ti.GetString() : null;
            var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
            var errors = problem.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object
                ? e.EnumerateObject().SelectMany(p => p.Value.EnumerateArray().Select(v => $"{p.Name}: {v.GetString()}")).ToList()
                : [];
            return new ApiRefusal(status, type, detail ?? title ?? $"refused ({status})", errors);
        }
        catch (JsonException)
        {
            return new ApiRefusal(status, string.Empty, $"refused ({status})", []);
        }
    }
}

/// <summary>Where each API area is served: locally, or by its owner's configured address when split.</summary>
internal sealed class ApiAddresses(IOptions<WebOptions> options, PlatformSettings settings, IServer server)
{
    public Uri For(string area)
    {
        var owner = ServiceNames.AreaOwners.TryGetValue(area, out var o) ? o : ServiceNames.Web;
        if (!settings.Runs(owner) && options.Value.Routes.TryGetValue(owner, out var routed))
        {
            return WithSlash(routed);
        }

        return Self();
    }

    private Uri Self()
    {
        if (options.Value.ApiBaseAddress is { Length: > 0 } configured)
        {
            return WithSlash(configured);
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"this process listens nowhere the console can reach: set {WebOptions.Section}:ApiBaseAddress");
        return WithSlash(address
            .Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
    }

    private static Uri WithSlash(string address) => new(address.EndsWith('/') ? address : address + "/");
}
