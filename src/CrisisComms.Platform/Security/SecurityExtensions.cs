using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Platform.Security;

internal static class SecurityExtensions
{
    public const string CookieName = "__Host-crisiscomms";
    private const string Smart = "crisiscomms";

    /// <summary>
    /// Every service accepts the same session cookie and API tokens (one Data Protection key ring in
    /// the platform database, its keys wrapped with the configured KEK: see <see cref="KeyRingEncryption"/>),
    /// and every endpoint needs a signed-in user unless it says otherwise.
    /// </summary>
    public static void AddPlatformSecurity(this IServiceCollection services, PlatformSettings settings)
    {
        services.AddDbContext<PlatformDbContext>(options =>
        {
            if (settings.IsEmbedded)
            {
                options.UseSqlite(DatabaseConnections.Sqlite(settings, "platform"), s => s.MigrationsHistoryTable("__ef_migrations_history"));
            }
            else
            {
                options.UseNpgsql(settings.Postgres, n => n.MigrationsHistoryTable("__ef_migrations_history", PlatformDbContext.Schema));
            }

            PersistenceExtensions.ConfigureShared(options);
        });
        services.AddSingleton<IStartupMigration>(new StartupMigration<PlatformDbContext>(PlatformDbContext.Schema));
        services.AddDataProtection()
            .SetApplicationName("crisiscomms")
            .PersistKeysToDbContext<PlatformDbContext>()
            .ProtectKeysWithConfiguredKeyEncryptionKey();

        services.AddHttpContextAccessor();
        services.AddScoped<CurrentUser>();
        services.AddSingleton<ApiTokens>();

        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "Bearer token or session cookie", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.Path = "/";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                o.LoginPath = "/sign-in";
                o.AccessDeniedPath = "/denied";
                // The API answers 401/403 (problem details); only pages redirect to sign in.
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Officer, Roles.Approver, Roles.Admin))
            .AddPolicy(Policies.Approvers, p => p.RequireRole(Roles.Approver, Roles.Admin))
            .AddPolicy(Policies.Admins, p => p.RequireRole(Roles.Admin));
    }

    private static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
