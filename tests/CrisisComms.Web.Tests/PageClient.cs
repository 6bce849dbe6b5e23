using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Web.Tests;

/// <summary>
/// A browser's view of the pages over the test server: keeps cookies (the test server speaks http, so the
/// Secure flag is not enforced here — the browser tests do that), follows no redirects by itself, and
/// posts forms with the anti-forgery token the page gave.
/// </summary>
internal sealed partial class PageClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public PageClient(IServiceProvider services, string? bearer = null)
    {
        var server = (TestServer)services.GetRequiredService<IServer>();
        _http = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost/") };
        if (bearer is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        }
    }

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public async Task<(HttpStatusCode Status, string Body, string? Location)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>Gets <paramref name="pagePath"/>, takes its anti-forgery token, and posts the form fields to <paramref name="action"/>.</summary>
    public async Task<(HttpStatusCode Status, string Body, string? Location)> SubmitAsync(string pagePath, string action, params (string Name, string Value)[] fields)
    {
        var (status, page, _) = await GetAsync(pagePath);
        Assert.True(status == HttpStatusCode.OK, $"GET {pagePath}: {(int)status}");
        return await PostAsync(action, Token(page), fields);
    }

    public async Task<(HttpStatusCode Status, string Body, string? Location)> PostAsync(string action, string? token, params (string Name, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            form.Add(new("__RequestVerificationToken", token));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    public static string Token(string page) =>
        TokenPattern().Match(page) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("the page has no form token");

    private async Task<(HttpStatusCode, string, string?)> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        using var response = await _http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                var pair = header.Split(';')[0];
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..at], pair[(at + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
