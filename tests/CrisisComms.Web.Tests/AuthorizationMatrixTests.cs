using System.Net;
using System.Security.Claims;
using System.Text;
using CrisisComms.Platform.Security;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Web.Tests;

/// <summary>
/// Every endpoint the server maps (read from the endpoint data source, so a new one is covered without
/// touching this test) is called as each role; the outcome must be what the endpoint's own authorisation
/// metadata says. And nothing is open to anonymous callers unless it is on the list below.
/// </summary>
public sealed class AuthorizationMatrixTests : ConsoleTest
{
    private string _last = string.Empty;

    private static readonly string?[] Personas = [null, Roles.Partner, Roles.Officer, Roles.Approver, Roles.Admin];

    /// <summary>What anyone may call without signing in, on purpose.</summary>
    private static readonly HashSet<string> Public = new(StringComparer.Ordinal)
    {
        "GET /", "GET /assets/{name}", "GET /sign-in", "POST /sign-in", "GET /sign-in/two-factor", "POST /sign-in/two-factor",
        "POST /sign-in/external", "GET /sign-in/external/done", "GET /denied", "GET /partner/join/{secret}", "POST /partner/join",
        "POST /api/v1/auth/token", "GET /health/live", "GET /health/ready", "GET /metrics", "GET /openapi/{documentName}.json",
        "POST /api/v1/publishing/twilio/status",
        "GET /public/incidents", "GET /public/incidents/{id:guid}", "GET /public/feeds/rss", "GET /public/feeds/atom", "GET /public/feeds/cap",
        "GET /public/cap/{identifier}.xml",

        // Providers and people without an account: each checks its own proof (a provider's signature, a signed or secret token in the URL).
        "POST /api/v1/oncall/webhooks/pagerduty", "POST /api/v1/oncall/webhooks/opsgenie", "GET /api/v1/oncall/ack/{token}", "POST /api/v1/oncall/ack/{token}",
        "GET /api/v1/oncall/calendar/{token}.ics", "GET /api/v1/monitoring/webhooks/facebook", "POST /api/v1/monitoring/webhooks/facebook",
        "POST /api/v1/monitoring/webhooks/twilio/sms",
    };

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_its_policy_says()
    {
        var endpoints = Host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var authorization = Host.Get<IAuthorizationService>();
        var policies = Host.Get<IAuthorizationPolicyProvider>();
        var fallback = await policies.GetFallbackPolicyAsync();
        var mismatches = new List<string>();
        var open = new List<string>();
        var checkedCount = 0;

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                if (method is "HEAD" or "OPTIONS" || pattern.Contains("{**", StringComparison.Ordinal))
                {
                    continue;
                }

                var anonymousAllowed = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
                var policy = anonymousAllowed ? null : await AuthorizationPolicy.CombineAsync(
                    policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? fallback;
                var path = Fill(endpoint.RoutePattern);
                foreach (var role in Personas)
                {
                    var expected = policy is null || (await authorization.AuthorizeAsync(Principal(role), policy)).Succeeded;
                    if (role is null && expected)
                    {
                        open.Add($"{method} {pattern}");
                    }

                    var form = endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(t => t.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)) == true;
                    var actual = !await DeniedAsync(method, path, role, form);
                    checkedCount++;
                    if (expected != actual)
                    {
                        mismatches.Add($"{method} {pattern} as {role ?? "anonymous"}: expected {(expected ? "allowed" : "refused")}, was {(actual ? "allowed" : "refused")} ({_last})");
                    }
                }
            }
        }

        Assert.True(checkedCount > 300, $"only {checkedCount} checks: endpoints not found?");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var unexpected = open.Distinct().Where(e => !Public.Contains(e)).ToList();
        Assert.True(unexpected.Count == 0, "open to anyone without being on the public list: " + string.Join(", ", unexpected));
    }

    [Fact]
    public async Task A_page_form_posted_without_its_token_is_refused()
    {
        using var officer = new PageClient(Host.Services, Bearer(Roles.Officer));

        var (status, _, _) = await officer.PostAsync("/console/incidents", token: null, ("title", "Forged"), ("severity", "Major"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    private string Bearer(string role) =>
        Host.Get<ApiTokens>().Issue(new TokenSubject($"matrix-{role}", $"Matrix {role}", [role]), TimeSpan.FromHours(1));

    private static ClaimsPrincipal Principal(string? role) => role is null
        ? new ClaimsPrincipal(new ClaimsIdentity())
        : ApiTokens.PrincipalOf(new TokenSubject($"matrix-{role}", $"Matrix {role}", [role]), "ApiToken");

    private async Task<bool> DeniedAsync(string method, string path, string? role, bool form)
    {
        using var signedIn = role is null ? null : Host.ClientAs($"matrix-{role}", role);
        var client = signedIn ?? Host.AnonymousClient;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            // The body the endpoint takes (a form endpoint would turn JSON away before authorising it).
            request.Content = form ? new FormUrlEncodedContent([]) : new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        _last = $"{(int)response.StatusCode} {response.Headers.Location}";
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            // The sign-in challenge and the access-denied page carry where the caller was going.
            return location.Contains("/sign-in?ReturnUrl=", StringComparison.Ordinal) || location.Contains("/denied?ReturnUrl=", StringComparison.Ordinal);
        }

        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return false;
        }

        // A refusal by the handler itself (a bad webhook signature, a wrong password) names its own problem type.
        var body = await response.Content.ReadAsStringAsync();
        return !body.Contains("urn:crisiscomms:problem:", StringComparison.Ordinal);
    }

    private static string Fill(RoutePattern pattern)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => parameter.ParameterPolicies.Any(p => p.Content == "guid") ? Guid.NewGuid().ToString()
                        : parameter.Name switch
                        {
                            "documentName" => "v1",
                            "name" => "site.css",
                            "channel" => "x",
                            _ => "probe",
                        },
                    _ => string.Empty,
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }
}
