using System.Text;
using CrisisComms.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using QRCoder;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Accounts;

/// <summary>Your account: roles, and the optional second factor (an authenticator app, with recovery codes).</summary>
internal static class AccountPages
{
    private const string Issuer = "CrisisComms";

    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapGet("/", OverviewAsync);
        account.MapGet("/two-factor", SetUpPageAsync);
        account.MapPost("/two-factor", EnableAsync);
        account.MapPost("/two-factor/disable", DisableAsync);
    }

    private static async Task<IResult> OverviewAsync(PageKit page, UserManager<User> users)
    {
        var user = await users.CurrentAsync(page.Context.User);
        var roles = page.User.Roles;
        var twoFactor = user is null
            ? H($"<p>You are signed in with a token; there is no account page for it.</p>")
            : user.TwoFactorEnabled
                ? H($"<p>Second factor: <strong class=\"s-ok\">on</strong> (authenticator app).</p>{page.Form("/account/two-factor/disable", H($"{Input("code", "Current code, to turn it off", null, "text", autocomplete: "one-time-code", required: true, extra: "inputmode=\"numeric\"")}<div><button type=\"submit\" class=\"danger\">Turn off the second factor</button></div>"), "stack")}")
                : H($"<p>Second factor: <strong>off</strong>. <a href=\"/account/two-factor\">Set up an authenticator app</a> — strongly advised for officers and approvers.</p>");
        return page.Render("Your account", H($"""
            <h1>Your account</h1>
            <dl><dt>Name</dt><dd>{page.User.Name}</dd><dt>Email</dt><dd>{user?.Email}</dd><dt>Roles</dt><dd>{string.Join(", ", roles)}</dd>{(user?.Organisation is { } org ? H($"<dt>Organisation</dt><dd>{org}</dd>") : Empty)}</dl>
            <h2>Two-factor sign-in</h2>
            {twoFactor}
            """));
    }

    private static async Task<IResult> SetUpPageAsync(PageKit page, UserManager<User> users) =>
        await users.CurrentAsync(page.Context.User) is { } user
            ? await SetUpPage(page, users, user, null)
            : Results.Redirect("/account");

    private static async Task<IResult> SetUpPage(PageKit page, UserManager<User> users, User user, string? error)
    {
        if (user.TwoFactorEnabled)
        {
            return Results.Redirect("/account");
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(user.Email ?? user.DisplayName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        return page.Render("Set up two-factor sign-in", H($"""
            <h1>Set up two-factor sign-in</h1>
            {Errors(error is null ? [] : [error])}
            <ol>
            <li>Open an authenticator app (Microsoft Authenticator, Google Authenticator, 1Password…) and add an account.</li>
            <li>Scan this code, or type the key: <code class="secret" id="authenticator-key">{Group(key!)}</code>
            <p class="qr"><img src="data:image/png;base64,{png}" alt="QR code for your authenticator app (the same key as written above)"></p></li>
            <li>Enter the 6-digit code the app shows.</li>
            </ol>
            {page.Form("/account/two-factor", H($"{Input("code", "Code from the app", null, "text", autocomplete: "one-time-code", required: true, extra: "inputmode=\"numeric\"")}<div><button type=\"submit\">Turn on</button></div>"), "stack")}
            """), status: error is null ? 200 : 400);
    }

    private static async Task<IResult> EnableAsync([FromForm] CodeForm form, PageKit page, UserManager<User> users, SignInManager<User> signIn)
    {
        if (await users.CurrentAsync(page.Context.User) is not { } user)
        {
            return Results.Redirect("/account");
        }

        var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return await SetUpPage(page, users, user, "That code is not right. Check the time on your phone and try the current code.");
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await signIn.RefreshSignInAsync(user);
        return page.Render("Two-factor sign-in is on", H($"""
            <h1>Two-factor sign-in is on</h1>
            <p>Keep these recovery codes somewhere safe (not on your phone). Each works once if you lose the app. They are not shown again.</p>
            <ul id="recovery-codes">{Join(recovery, c => H($"<li><code>{c}</code></li>"))}</ul>
            <p><a href="/account">Back to your account</a></p>
            """));
    }

    private static async Task<IResult> DisableAsync([FromForm] CodeForm form, PageKit page, UserManager<User> users, SignInManager<User> signIn)
    {
        if (await users.CurrentAsync(page.Context.User) is not { } user)
        {
            return Results.Redirect("/account");
        }

        var code = (form.Code ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            return page.Done("/account", "That code is not right: the second factor is still on.", "error");
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        return page.Done("/account", "Two-factor sign-in is off.");
    }

    private static string Group(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}
