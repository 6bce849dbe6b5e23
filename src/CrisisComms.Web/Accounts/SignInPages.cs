using System.Security.Claims;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Pages;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Accounts;

internal sealed class SignInForm
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? ReturnUrl { get; init; }
}

internal sealed class CodeForm
{
    public string? Code { get; init; }

    public string? ReturnUrl { get; init; }
}

internal sealed class ReturnForm
{
    public string? ReturnUrl { get; init; }
}

/// <summary>
/// Signing in with a password (locked after five failures), then the authenticator code when the
/// account has one, or through the council's single sign-on; and signing out.
/// </summary>
internal static partial class SignInPages
{
    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sign-in", (string? returnUrl, PageKit page, IOptions<OidcOptions> oidc) => SignInPage(page, oidc.Value, returnUrl, null, null))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-in", SignInAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/sign-in/two-factor", TwoFactorPageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-in/two-factor", TwoFactorAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-in/external", External).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/sign-in/external/done", ExternalDoneAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-out", SignOutAsync).ExcludeFromDescription();
        app.MapGet("/denied", (PageKit page) => page.Render("Not allowed", H($"<h1>Not allowed</h1><p>Your account cannot open that page. If you need it, ask a CrisisComms admin.</p><p><a href=\"/\">Back to the start</a></p>")))
            .AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>Where someone goes after signing in, by role.</summary>
    public static string Home(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Officer) || user.IsInRole(Roles.Approver) || user.IsInRole(Roles.Admin) ? "/console"
        : user.IsInRole(Roles.Partner) ? "/partner"
        : "/";

    private static IResult SignInPage(PageKit page, OidcOptions oidc, string? returnUrl, string? email, string? error)
    {
        var sso = oidc.Enabled
            ? H($"<h2>Council single sign-on</h2>{page.Form("/sign-in/external", H($"{Hidden("returnUrl", returnUrl)}<button type=\"submit\" class=\"secondary\">{oidc.DisplayName}</button>"))}")
            : Empty;
        var body = H($"""
            <h1>Sign in</h1>
            {Errors(error is null ? [] : [error])}
            {page.Form("/sign-in", H($"{Input("email", "Email address", email, "email", autocomplete: "username", required: true)}{Input("password", "Password", null, "password", autocomplete: "current-password", required: true)}{Hidden("returnUrl", returnUrl)}<div><button type=\"submit\">Sign in</button></div>"), "stack", "Sign in with email and password")}
            {sso}
            <p class="muted">Partners: use the invite link an officer sent you. It works once; after that this browser stays signed in to your incidents.</p>
            """);
        return page.Render("Sign in", body, status: error is null ? 200 : 400);
    }

    private static async Task<IResult> SignInAsync([FromForm] SignInForm form, PageKit page, SignInManager<User> signIn, UserManager<User> users, IOptions<OidcOptions> oidc)
    {
        var returnUrl = LocalPath(form.ReturnUrl, string.Empty);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
        {
            return SignInPage(page, oidc.Value, returnUrl, form.Email, "Enter your email address and password.");
        }

        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null)
        {
            return SignInPage(page, oidc.Value, returnUrl, form.Email, "Email or password not recognised.");
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            return Results.Redirect($"/sign-in/two-factor?returnUrl={Uri.EscapeDataString(returnUrl)}");
        }

        if (result.IsLockedOut)
        {
            return SignInPage(page, oidc.Value, returnUrl, form.Email, "This account is locked for 15 minutes after repeated failed sign-ins. Try again later or ask an admin.");
        }

        if (!result.Succeeded)
        {
            return SignInPage(page, oidc.Value, returnUrl, form.Email, "Email or password not recognised.");
        }

        return Results.Redirect(LocalPath(returnUrl, Home(await signIn.CreateUserPrincipalAsync(user))));
    }

    private static async Task<IResult> TwoFactorPageAsync(string? returnUrl, PageKit page, SignInManager<User> signIn)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return Results.Redirect("/sign-in");
        }

        return TwoFactorPage(page, returnUrl, null);
    }

    private static IResult TwoFactorPage(PageKit page, string? returnUrl, string? error) => page.Render("Authenticator code", H($"""
        <h1>Authenticator code</h1>
        {Errors(error is null ? [] : [error])}
        <p>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
        {page.Form("/sign-in/two-factor", H($"{Input("code", "Code", null, "text", autocomplete: "one-time-code", required: true, extra: "inputmode=\"numeric\"")}{Hidden("returnUrl", returnUrl)}<div><button type=\"submit\">Continue</button></div>"), "stack")}
        """), status: error is null ? 200 : 400);

    private static async Task<IResult> TwoFactorAsync([FromForm] CodeForm form, PageKit page, SignInManager<User> signIn)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return Results.Redirect("/sign-in");
        }

        // Authenticator codes are often typed "123 456"; recovery codes keep their dash ("ABCDE-FGHIJ"), as Identity stores them.
        var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        var digits = code.Replace("-", string.Empty, StringComparison.Ordinal);
        var result = digits.Length == 6 && digits.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(digits, isPersistent: false, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code.ToUpperInvariant());
        if (result.IsLockedOut)
        {
            return TwoFactorPage(page, form.ReturnUrl, "This account is locked for 15 minutes after repeated failed codes.");
        }

        if (!result.Succeeded)
        {
            return TwoFactorPage(page, form.ReturnUrl, "That code is not right. Codes change every 30 seconds: try the current one.");
        }

        return Results.Redirect(LocalPath(form.ReturnUrl, Home(await signIn.CreateUserPrincipalAsync(user))));
    }

    private static IResult External([FromForm] ReturnForm form, SignInManager<User> signIn, IOptions<OidcOptions> oidc)
    {
        if (!oidc.Value.Enabled)
        {
            return Results.NotFound();
        }

        var done = $"/sign-in/external/done?returnUrl={Uri.EscapeDataString(LocalPath(form.ReturnUrl, string.Empty))}";
        return Results.Challenge(signIn.ConfigureExternalAuthenticationProperties(OidcOptions.Scheme, done), [OidcOptions.Scheme]);
    }

    private static async Task<IResult> ExternalDoneAsync(
        string? returnUrl, PageKit page, SignInManager<User> signIn, UserManager<User> users, IOptions<OidcOptions> oidc, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SignInPages));
        var info = await signIn.GetExternalLoginInfoAsync();
        if (info is null)
        {
            return Results.Redirect("/sign-in");
        }

        var settings = oidc.Value;
        var mapped = settings.Roles.Count == 0
            ? null
            : info.Principal.FindAll(settings.RoleClaim).Select(c => c.Value)
                .Where(settings.Roles.ContainsKey).Select(v => settings.Roles[v]).Distinct(StringComparer.Ordinal).ToList();
        var email = info.Principal.FindFirstValue("email") ?? info.Principal.FindFirstValue(ClaimTypes.Email);
        var user = await users.FindByLoginAsync(info.LoginProvider, info.ProviderKey);
        if (user is null && email is not null)
        {
            // An account made here first (e.g. by the bootstrap admin) is linked by its email address.
            user = await users.FindByEmailAsync(email);
            if (user is not null)
            {
                await users.AddLoginAsync(user, info);
            }
        }

        if (user is null)
        {
            if (!settings.CreateAccounts || mapped is not { Count: > 0 } || email is null)
            {
                LogRefused(logger, email ?? info.ProviderKey);
                await page.Context.SignOutAsync(IdentityConstants.ExternalScheme);
                return page.Render("Not set up", H($"<h1>Your account is not set up here</h1><p>The council's sign-in knows you, but CrisisComms has no account or role for you. Ask a CrisisComms admin to add you.</p>"), status: StatusCodes.Status403Forbidden);
            }

            user = new User
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = info.Principal.FindFirstValue("name") ?? email,
                CreatedAt = time.GetUtcNow(),
            };
            Check(await users.CreateAsync(user));
            Check(await users.AddLoginAsync(user, info));
        }

        if (mapped is not null)
        {
            // The provider is the source of truth for staff roles when a role map is configured.
            var current = await users.GetRolesAsync(user);
            Check(await users.RemoveFromRolesAsync(user, current.Where(r => r != Roles.Partner && !mapped.Contains(r))));
            Check(await users.AddToRolesAsync(user, mapped.Where(r => !current.Contains(r))));
        }

        // The provider did the second factor; a locked or disabled account stays out.
        var result = await signIn.ExternalLoginSignInAsync(info.LoginProvider, info.ProviderKey, isPersistent: false, bypassTwoFactor: true);
        await page.Context.SignOutAsync(IdentityConstants.ExternalScheme);
        if (!result.Succeeded)
        {
            return page.Render("Sign-in refused", H($"<h1>Sign-in refused</h1><p>This account is locked or not allowed to sign in. Ask a CrisisComms admin.</p>"), status: StatusCodes.Status403Forbidden);
        }

        return Results.Redirect(LocalPath(returnUrl, Home(await signIn.CreateUserPrincipalAsync(user))));
    }

    private static async Task<IResult> SignOutAsync([FromForm] ReturnForm form, SignInManager<User> signIn)
    {
        await signIn.SignOutAsync();
        return Results.Redirect("/sign-in");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Single sign-on refused for {Who}: no account and no mapped role")]
    private static partial void LogRefused(ILogger logger, string who);
}
