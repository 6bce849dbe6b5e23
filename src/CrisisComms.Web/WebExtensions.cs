using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Dashboard;
using CrisisComms.Web.Demo;
using CrisisComms.Web.Gateway;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Web;

/// <summary>The web service: the public entry (gateway when split), the dashboard's read models and pages.</summary>
public static class WebExtensions
{
    public static void AddWeb(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSettings<WebOptions>(WebOptions.Section);
        platform.AddServiceDbContext<WebDbContext>(ServiceNames.Web);
        AddAccounts(platform);
        platform.AddConsumers(bus => bus.AddConsumer<DashboardProjection>());

        var addresses = platform.Configuration.GetSection($"{WebOptions.Section}:Routes").Get<Dictionary<string, string>>()
            ?? new Dictionary<string, string>();
        var (routes, clusters) = GatewayRoutes.Build(platform.Settings, addresses);
        platform.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

        platform.Services.AddSettings<DemoOptions>(DemoOptions.Section);
        var demo = platform.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (DemoRegistration.Wanted(platform.Settings, demo))
        {
            platform.Services.AddHostedService<DemoDriver>();
        }
    }

    public static void MapWeb(this WebApplication app)
    {
        // The owner of each area authorises its requests; the gateway only forwards them.
        app.MapReverseProxy().AllowAnonymous();
        app.MapAuth();
        app.MapDashboard();
        app.MapHomePage();
    }

    private static void AddAccounts(PlatformBuilder platform)
    {
        platform.Services.AddSettings<AccountOptions>(AccountOptions.Section);
        platform.Services
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
            .AddRoles<Role>()
            .AddEntityFrameworkStores<WebDbContext>();
        platform.Services.AddHostedService<AccountSeeder>();
    }
}
