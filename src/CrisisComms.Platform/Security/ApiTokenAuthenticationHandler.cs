using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Security;

/// <summary><c>Authorization: Bearer cc1.…</c> — machine clients and the console's own calls.</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokens tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var (subject, problem) = tokens.Read(header["Bearer ".Length..].Trim());
        return Task.FromResult(subject is null
            ? AuthenticateResult.Fail(problem!)
            : AuthenticateResult.Success(new AuthenticationTicket(ApiTokens.PrincipalOf(subject, SchemeName), SchemeName)));
    }
}
