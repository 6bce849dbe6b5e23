using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Pages;

/// <summary>A notice shown once at the top of the next page (after a form was handled).</summary>
internal sealed record Flash(string Kind, string Text);

/// <summary>
/// What every page is built with: the page shell (landmarks, navigation for the viewer's roles,
/// security headers), forms with their anti-forgery token, times in the organisation's zone.
/// </summary>
internal sealed class PageKit(
    IHttpContextAccessor accessor,
    IAntiforgery antiforgery,
    Assets assets,
    Clock clock,
    PlatformSettings settings,
    IOptions<WebOptions> options,
    IOptions<Accounts.OidcOptions> oidc)
{
    private const string FlashCookie = "__Host-crisiscomms-flash";
    private string? _token;

    public Clock Clock => clock;

    public HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("pages render inside a request");

    public CurrentUser User => new(accessor);

    public bool IsStaff => User.IsInRole(Roles.Officer) || User.IsInRole(Roles.Approver) || User.IsInRole(Roles.Admin);

    /// <summary>A POST form to <paramref name="action"/> carrying the anti-forgery token.</summary>
    public Html Form(string action, Html content, string? cssClass = null, string? label = null, Html attributes = default)
    {
        _token ??= antiforgery.GetAndStoreTokens(Context).RequestToken;
        var aria = label is null ? Empty : H($" aria-label=\"{label}\"");
        return H($"<form method=\"post\" action=\"{action}\" class=\"{cssClass}\"{aria}{attributes}><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{_token}\">{content}</form>");
    }

    /// <summary>One button in its own form (claim, resolve, approve…).</summary>
    public Html Button(string action, string text, string? cssClass = null, Html hidden = default) =>
        Form(action, H($"{hidden}<button type=\"submit\" class=\"{cssClass}\">{text}</button>"), "inline");

    /// <summary>Redirect after a POST, with a notice for the next page.</summary>
    public IResult Done(string to, string message, string kind = "ok")
    {
        Context.Response.Cookies.Append(FlashCookie, $"{kind}|{message}", new CookieOptions { Secure = true, HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", MaxAge = TimeSpan.FromMinutes(1) });
        return Results.Redirect(to);
    }

    public IResult Render(string title, Html body, string? live = null, int status = StatusCodes.Status200OK)
    {
        var response = Context.Response;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.ContentSecurityPolicy = $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'{FormTargets}";
        var flash = TakeFlash();
        var scripts = H($"{(assets.HasSignalR ? H($"<script src=\"{assets.Url(Assets.SignalRClient)}\" defer></script>") : Empty)}<script src=\"{assets.Url("live.js")}\" defer></script>");
        var liveAttributes = live is null ? Empty : H($" data-live=\"{live}\" data-poll=\"{(int)options.Value.PollInterval.TotalSeconds}\"");
        var page = H($$"""
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · CrisisComms</title>
            <link rel="stylesheet" href="{{assets.Url("site.css")}}">
            {{scripts}}
            </head>
            <body{{liveAttributes}}>
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
            <p class="brand"><a href="/">CrisisComms</a></p>
            {{Navigation()}}
            </header>
            <main id="main" tabindex="-1">
            {{When(live is not null, H($"<p id=\"live-status\" class=\"live-status\" role=\"status\" aria-live=\"polite\">Live updates are starting…</p>"))}}
            {{(flash is null ? Empty : H($"<p class=\"flash {flash.Kind}\" role=\"{(flash.Kind == "error" ? "alert" : "status")}\">{flash.Text}</p>"))}}
            {{body}}
            </main>
            <footer class="foot"><p>CrisisComms · {{(settings.IsEmbedded ? "embedded (demo and sandbox channels)" : "production")}}</p></footer>
            </body>
            </html>
            """);
        return Results.Content(page.ToString(), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>Where forms may send the browser: here, and the single sign-on provider.</summary>
    private string FormTargets => oidc.Value.Enabled && Uri.TryCreate(oidc.Value.Authority, UriKind.Absolute, out var authority)
        ? $" {authority.GetLeftPart(UriPartial.Authority)}"
        : string.Empty;

    private Html Navigation()
    {
        var user = User;
        if (!user.IsAuthenticated)
        {
            return H($"<nav aria-label=\"Account\"><ul><li><a href=\"/sign-in\">Sign in</a></li></ul></nav>");
        }

        var links = new List<(string Href, string Text)>();
        if (IsStaff)
        {
            links.AddRange([
                ("/console", "Overview"), ("/console/incidents", "Incidents"), ("/console/compose", "Compose"), ("/console/approvals", "Approvals"),
                ("/console/schedules", "Schedules"), ("/console/triage", "Triage"), ("/console/oncall", "On call"), ("/console/health", "Health"),
            ]);
            if (settings.IsEmbedded)
            {
                links.Add(("/console/sandbox", "Sandbox"));
            }

            if (user.IsInRole(Roles.Admin))
            {
                links.Add(("/console/users", "Users"));
            }
        }

        if (user.IsInRole(Roles.Partner))
        {
            links.Add(("/partner", "My incidents"));
        }

        var path = Context.Request.Path.Value ?? "/";
        var items = Join(links, l =>
        {
            var current = path == l.Href || (l.Href != "/console" && path.StartsWith(l.Href + "/", StringComparison.Ordinal));
            return H($"<li><a href=\"{l.Href}\"{(current ? Raw(" aria-current=\"page\"") : Empty)}>{l.Text}</a></li>");
        });
        var account = Form("/sign-out", H($"<button type=\"submit\" class=\"link\">Sign out</button>"), "inline");
        return H($"<nav aria-label=\"Main\"><ul>{items}</ul></nav><p class=\"who\"><span>{user.Name}</span> · <a href=\"/account\">Account</a> · {account}</p>");
    }

    private Flash? TakeFlash()
    {
        if (!Context.Request.Cookies.TryGetValue(FlashCookie, out var value) || value.Split('|', 2) is not [var kind, var text])
        {
            return null;
        }

        Context.Response.Cookies.Delete(FlashCookie, new CookieOptions { Secure = true, Path = "/" });
        return new Flash(kind is "ok" or "error" or "warn" ? kind : "ok", text);
    }
}
