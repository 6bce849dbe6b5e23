using System.Security.Cryptography;
using CrisisComms.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Pages;

/// <summary>
/// The pages' stylesheet and scripts, embedded in the assembly, plus the SignalR browser client when
/// it is installed (docs/adr/0009). Each is served with a content hash in its URL, cached for a year.
/// </summary>
internal sealed class Assets
{
    public const string SignalRClient = "signalr.min.js";
    private const string NpmPath = ".tools/web/node_modules/@microsoft/signalr/dist/browser/signalr.min.js";
    private readonly Dictionary<string, (byte[] Content, string Type, string Version)> _files = new(StringComparer.Ordinal);

    public Assets(IOptions<WebOptions> options, IWebHostEnvironment environment)
    {
        var assembly = typeof(Assets).Assembly;
        const string prefix = "CrisisComms.Web.Assets.";
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Add(resource[prefix.Length..], copy.ToArray());
        }

        var client = options.Value.SignalRClientFile is { Length: > 0 } configured
            ? (File.Exists(configured) ? configured : throw new ConfigurationException($"{WebOptions.Section}:SignalRClientFile", $"'{configured}' does not exist"))
            : Probe(environment.ContentRootPath) ?? Probe(AppContext.BaseDirectory);
        if (client is not null)
        {
            Add(SignalRClient, File.ReadAllBytes(client));
        }
    }

    /// <summary>The live connection uses SignalR when its client is here; pages poll otherwise.</summary>
    public bool HasSignalR => _files.ContainsKey(SignalRClient);

    public string Url(string name) => _files.TryGetValue(name, out var file) ? $"/assets/{name}?v={file.Version}" : throw new KeyNotFoundException(name);

    public void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/assets/{name}", (string name, HttpContext context) =>
        {
            if (!_files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(file.Content, file.Type);
        }).AllowAnonymous().ExcludeFromDescription();

    private void Add(string name, byte[] content)
    {
        var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        _files[name] = (content, type, Convert.ToHexStringLower(SHA256.HashData(content))[..12]);
    }

    private static string? Probe(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, NpmPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
