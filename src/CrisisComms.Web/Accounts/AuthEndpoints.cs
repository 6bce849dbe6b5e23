using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Accounts;

internal sealed record TokenRequest(string? Email, string? Password)
{
    /// <summary>The authenticator code, for an account with two-factor sign-in on.</summary>
    public string? Code { get; init; }
}

internal sealed record Me(string Id, string Name, IReadOnlyList<string> Roles);

internal sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, Me User);

internal static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Auth");
        auth.MapPost("/token", IssueTokenAsync).AllowAnonymous().WithName("IssueToken")
            .WithSummary("Exchange an email and password for a bearer token (machine clients, scripts).");
        auth.MapGet("/me", (CurrentUser user) => TypedResults.Ok(new Me(user.Id, user.Name, user.Roles))).WithName("Me");
    }

    /// <summary>
    /// Checks the password with Identity (hashed, locked out after repeated failures) and issues a
    /// token every service accepts. Failures never say whether the account exists.
    /// </summary>
    internal static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueTokenAsync(
        TokenRequest request,
        UserManager<User> users,
        ApiTokens tokens,
        IOptions<AccountOptions> options,
        TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return ApiProblems.Validation(new Dictionary<string, string[]>
            {
                ["email"] = ["is required"],
                ["password"] = ["is required"],
            });
        }

        var user = await users.FindByEmailAsync(request.Email.Trim());
        if (user is null)
        {
            return Refused();
        }

        if (await users.IsLockedOutAsync(user))
        {
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "locked-out", "Too many failed attempts.", "This account is locked for a while after repeated failed sign-ins; try again later or ask an admin.");
        }

        if (!await users.CheckPasswordAsync(user, request.Password))
        {
            await users.AccessFailedAsync(user);
            return Refused();
        }

        if (user.TwoFactorEnabled)
        {
            // A password alone must not open an account that has a second factor.
            var code = request.Code?.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (string.IsNullOrEmpty(code))
            {
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "two-factor-required", "This account needs its authenticator code.", "Send the current 6-digit code as 'code'.");
            }

            if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await users.AccessFailedAsync(user);
                return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "two-factor-refused", "The authenticator code is not right.", "Codes change every 30 seconds: send the current one.");
            }
        }

        await users.ResetAccessFailedCountAsync(user);
        var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
        var lifetime = options.Value.TokenLifetime;
        var subject = new TokenSubject(user.Id.ToString(), user.DisplayName, roles);
        return TypedResults.Ok(new TokenResponse(tokens.Issue(subject, lifetime), time.GetUtcNow() + lifetime, new Me(subject.Id, subject.Name, roles)));
    }

    private static ProblemHttpResult Refused() => ApiProblems.Problem(
        StatusCodes.Status401Unauthorized, "invalid-credentials", "Email or password not recognised.", "Check both and try again.");
}
