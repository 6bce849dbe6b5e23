using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>
/// A partner's feed server (RSS, Atom, CAP): serves documents with an ETag and Last-Modified and answers
/// conditional GETs (If-None-Match, If-Modified-Since) with 304 as RFC 9110 says, counting both.
/// </summary>
public sealed class FakeFeedServer : FakeApi
{
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType, string ETag, DateTimeOffset Modified)> _documents = new(StringComparer.Ordinal);
    private int _full;
    private int _notModified;

    private FakeFeedServer()
    {
    }

    /// <summary>200 answers with a body.</summary>
    public int Full => _full;

    /// <summary>304 answers.</summary>
    public int NotModified => _notModified;

    public static async Task<FakeFeedServer> StartAsync()
    {
        var fake = new FakeFeedServer();
        await fake.StartServerAsync();
        return fake;
    }

    public Uri Url(string path) => new(BaseAddress, path.TrimStart('/'));

    /// <summary>Publishes (or replaces) the document at <paramref name="path"/>; a new version gets a new ETag and Last-Modified.</summary>
    public void Set(string path, string content, string contentType = "application/xml")
    {
        var body = Encoding.UTF8.GetBytes(content);
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"";
        var now = DateTimeOffset.UtcNow;
        _documents["/" + path.TrimStart('/')] = (body, contentType, etag, new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero));
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/{**path}", (HttpContext context, string path) =>
        {
            if (Fault(context, _ => Results.StatusCode(429)) is { } fault)
            {
                return fault;
            }

            if (!_documents.TryGetValue("/" + path, out var document))
            {
                return Results.NotFound();
            }

            var headers = context.Request.GetTypedHeaders();
            var unchanged = headers.IfNoneMatch.Count > 0
                ? headers.IfNoneMatch.Any(t => t.Tag.ToString() == document.ETag)
                : headers.IfModifiedSince is { } since && document.Modified <= since;
            context.Response.Headers.ETag = document.ETag;
            context.Response.Headers.LastModified = document.Modified.ToString("R", CultureInfo.InvariantCulture);
            if (unchanged)
            {
                Interlocked.Increment(ref _notModified);
                return Results.StatusCode(304);
            }

            Interlocked.Increment(ref _full);
            return Results.Bytes(document.Body, document.ContentType);
        });
    }
}
