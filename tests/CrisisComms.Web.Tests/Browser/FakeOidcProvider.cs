using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrisisComms.Testing.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>
/// A council's single sign-on on 127.0.0.1, as OpenID Connect Core 1.0 and RFC 7636 describe it:
/// discovery, JWKS, the authorization endpoint (it signs in <see cref="Person"/> at once, as an
/// already signed-in browser would be), and the token endpoint, which checks the client secret, the
/// redirect URI and the PKCE verifier and answers an RS256-signed ID token with the nonce.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "crisiscomms";
    public const string ClientSecret = "council-sso-secret";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private WebApplication? _app;

    public Uri Authority { get; private set; } = null!;

    /// <summary>Who is signed in at the provider: subject, email, name and group claims.</summary>
    public (string Subject, string Email, string Name, string[] Groups) Person { get; set; } = ("s-1", "someone@council.test", "Someone", []);

    /// <summary>Token requests refused (a wrong verifier, secret or code): none in a correct flow.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var provider = new FakeOidcProvider();
        var port = FreePort.Next();
        provider.Authority = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(provider.Authority.ToString().TrimEnd('/'));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/jwks", provider.Keys);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        await app.StartAsync();
        provider._app = app;
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _key.Dispose();
    }

    private string Issuer => Authority.ToString().TrimEnd('/');

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["scopes_supported"] = new[] { "openid", "profile", "email" },
    });

    private IResult Keys()
    {
        var parameters = _key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "k1", n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || query["code_challenge_method"] != "S256" || StringValues.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.BadRequest("invalid_request");
        }

        var code = Base64Url(RandomNumberGenerator.GetBytes(24));
        _codes[code] = new Grant(query["redirect_uri"].ToString(), query["nonce"].ToString(), query["code_challenge"].ToString(), Person);
        var separator = query["redirect_uri"].ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return Results.Redirect($"{query["redirect_uri"]}{separator}code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(query["state"].ToString())}&iss={Uri.EscapeDataString(Issuer)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (id, secret) = ClientOf(request, form);
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant))
        {
            return Refuse("invalid_grant");
        }

        if (id != ClientId || secret != ClientSecret)
        {
            return Refuse("invalid_client");
        }

        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
        if (form["redirect_uri"] != grant.RedirectUri || challenge != grant.CodeChallenge)
        {
            return Refuse("invalid_grant");
        }

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = Jwt(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = grant.Person.Subject,
            ["aud"] = ClientId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 300,
            ["nonce"] = grant.Nonce,
            ["email"] = grant.Person.Email,
            ["name"] = grant.Person.Name,
            ["roles"] = grant.Person.Groups,
        });
        return Results.Json(new { access_token = Base64Url(RandomNumberGenerator.GetBytes(24)), token_type = "Bearer", expires_in = 300, id_token = token });
    }

    private IResult Refuse(string error)
    {
        Refusals.Enqueue(error);
        return Results.Json(new { error }, statusCode: 400);
    }

    private static (string? Id, string? Secret) ClientOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"].ToString(), form["client_secret"].ToString());
    }

    private string Jwt(Dictionary<string, object> claims)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = "k1" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed record Grant(string RedirectUri, string Nonce, string CodeChallenge, (string Subject, string Email, string Name, string[] Groups) Person);
}
