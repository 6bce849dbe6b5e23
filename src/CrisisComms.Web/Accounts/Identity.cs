using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Accounts;

/// <summary>Identity's sign-in, writing the platform's shared session cookie (<c>__Host-crisiscomms</c>).</summary>
internal sealed class CrisisSignInManager : SignInManager<User>
{
    public CrisisSignInManager(
        UserManager<User> userManager,
        IHttpContextAccessor contextAccessor,
        IUserClaimsPrincipalFactory<User> claimsFactory,
        IOptions<IdentityOptions> optionsAccessor,
        ILogger<SignInManager<User>> logger,
        IAuthenticationSchemeProvider schemes,
        IUserConfirmation<User> confirmation)
        : base(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
    {
        AuthenticationScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    }
}

/// <summary>The session's claims: the person's display name (audit lines use it) and, for partners, their organisation.</summary>
internal sealed class UserPrincipalFactory(UserManager<User> users, RoleManager<Role> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, Role>(users, roles, options)
{
    public const string OrganisationClaim = "organisation";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        if (identity.FindFirst(ClaimTypes.Name) is { } name)
        {
            identity.RemoveClaim(name);
        }

        identity.AddClaim(new Claim(ClaimTypes.Name, user.DisplayName));
        if (user.Organisation is { } organisation)
        {
            identity.AddClaim(new Claim(OrganisationClaim, organisation));
        }

        return identity;
    }
}

internal static class UserLookup
{
    /// <summary>The account behind a session; null for a token whose subject is not an account here.</summary>
    public static async Task<User?> CurrentAsync(this UserManager<User> users, ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? await users.FindByIdAsync(id.ToString()) : null;
}
