using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Api;
using CrisisComms.Web.Console;
using CrisisComms.Web.Dashboard;
using CrisisComms.Web.Demo;
using CrisisComms.Web.Gateway;
using CrisisComms.Web.Live;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Partners;
using CrisisComms.Web.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CrisisComms.Web;

/// <summary>
/// The web service: the public entry (gateway when split), sign-in and accounts, the officer console,
/// the partner dashboard and its read models, and live updates (SignalR; Redis backplane when external).
/// </summary>
public static class WebExtensions
{
    public static void AddWeb(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = platform.Services;
        services.AddSettings<WebOptions>(WebOptions.Section);
        platform.AddServiceDbContext<WebDbContext>(ServiceNames.Web);
        AddAccounts(platform);
        platform.AddConsumers(bus => bus.AddConsumer<DashboardProjection, DashboardProjectionDefinition>());

        var addresses = platform.Configuration.GetSection($"{WebOptions.Section}:Routes").Get<Dictionary<string, string>>()
            ?? new Dictionary<string, string>();
        var (routes, clusters) = GatewayRoutes.Build(platform.Settings, addresses);
        services.AddReverseProxy().LoadFromMemory(routes, clusters);

        AddPages(services, platform.Settings);
        AddLive(platform);

        services.AddSettings<DemoOptions>(DemoOptions.Section);
        var demo = platform.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (DemoRegistration.Wanted(platform.Settings, demo))
        {
            services.AddHostedService<DemoDriver>();
        }
    }

    public static void MapWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // After authentication (the platform's), before any endpoint: every form is checked.
        app.UseAntiforgery();

        // The owner of each area authorises its requests; the gateway only forwards them.
        app.MapReverseProxy().AllowAnonymous();
        app.Services.GetRequiredService<Assets>().Map(app);
        app.MapAuth();
        app.MapSignIn();
        app.MapAccount();
        app.MapDashboard();
        app.MapHomePage();
        app.MapPartnerPages();
        app.MapConsole();
        app.MapHub<LiveHub>(LiveHub.Path, o => o.CloseOnAuthenticationExpiration = true);
    }

    private static void AddPages(IServiceCollection services, PlatformSettings settings)
    {
        // Behind a TLS-terminating proxy the request arrives as http: its X-Forwarded-Proto says what the
        // browser used (secure cookies, sign-in redirects). Runs first, before authentication.
        services.AddTransient<IStartupFilter, ForwardedProtoStartupFilter>();
        services.AddAntiforgery(o =>
        {
            // Production is served over https: a __Host- cookie. Embedded (a demo on http://localhost)
            // takes the request's scheme, or the form token could not be set at all.
            o.Cookie.Name = settings.IsEmbedded ? "crisiscomms-af" : "__Host-crisiscomms-af";
            o.Cookie.SecurePolicy = settings.IsEmbedded ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.Path = "/";
            o.HeaderName = "X-CSRF-TOKEN";
        });
        services.AddSingleton<Assets>();
        services.AddSingleton<Clock>();
        services.AddScoped<PageKit>();
        services.AddScoped<DashboardView>();
        services.AddScoped<PartnerInvites>();

        services.AddHttpClient(ApiClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddSingleton<ApiAddresses>();
        services.AddScoped<ApiClient>();
        services.AddScoped<DraftingApi>();
        services.AddScoped<PublishingApi>();
        services.AddScoped<TriageApi>();
        services.AddScoped<OnCallApi>();
    }

    private static void AddLive(PlatformBuilder platform)
    {
        var services = platform.Services;
        var signalR = services.AddSignalR(o =>
        {
            o.EnableDetailedErrors = false;
            o.MaximumReceiveMessageSize = 16 * 1024;
        });
        if (!platform.Settings.IsEmbedded)
        {
            // Several web replicas: a message sent on one reaches the pages connected to any other.
            var prefix = platform.Configuration["CrisisComms:Redis:KeyPrefix"] ?? "cc:";
            signalR.AddStackExchangeRedis(platform.Settings.Redis!, o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix + "live");
                o.Configuration.AbortOnConnectFail = false;
                o.Configuration.ClientName = $"crisiscomms-live-{platform.Settings.InstanceId}";
            });
        }

        services.AddSingleton<LiveConnections>();
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<PartnerFeedSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<PartnerFeedSweeper>());
    }

    private static void AddAccounts(PlatformBuilder platform)
    {
        var services = platform.Services;
        services.AddSettings<AccountOptions>(AccountOptions.Section);
        services.AddSettings<OidcOptions>(OidcOptions.Section);
        services
            .AddIdentityCore<User>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // NCSC guidance: length, not composition rules.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<Accounts.Role>()
            .AddEntityFrameworkStores<WebDbContext>()
            .AddSignInManager<CrisisSignInManager>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<UserPrincipalFactory>();
        services.AddHostedService<AccountSeeder>();

        // The session cookie is the platform's (__Host-crisiscomms); here it also notices a changed
        // security stamp (password, roles, second factor), so old sessions end.
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync);
        var authentication = services.AddAuthentication()
            .AddCookie(IdentityConstants.TwoFactorUserIdScheme, o => ShortCookie(o, "__Host-crisiscomms-2fa", SameSiteMode.Strict))
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme, o => ShortCookie(o, "__Host-crisiscomms-2fa-device", SameSiteMode.Strict))
            .AddCookie(IdentityConstants.ExternalScheme, o => ShortCookie(o, "__Host-crisiscomms-ext", SameSiteMode.Lax));

        var oidc = platform.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, o =>
            {
                o.SignInScheme = IdentityConstants.ExternalScheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.ResponseType = "code";
                o.UsePkce = true;
                // The code comes back on a top-level GET, so the correlation cookies can stay SameSite=Lax.
                o.ResponseMode = "query";
                o.CallbackPath = "/sign-in/oidc";
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = oidc.RoleClaim;
            });
        }
    }

    private static void ShortCookie(CookieAuthenticationOptions o, string name, SameSiteMode sameSite)
    {
        o.Cookie.Name = name;
        o.Cookie.HttpOnly = true;
        o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        o.Cookie.SameSite = sameSite;
        o.Cookie.Path = "/";
        o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
    }
}

/// <summary>Honours X-Forwarded-Proto from the proxy in front (only the scheme: addresses are not taken from headers).</summary>
internal sealed class ForwardedProtoStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        app.UseForwardedHeaders(options);
        next(app);
    };
}
