using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Accounts;

/// <summary>
/// Makes sure someone can sign in: the roles exist; the configured bootstrap admin when there are no
/// users yet; and, for the embedded demo, one account per role.
/// </summary>
internal sealed partial class AccountSeeder(
    IServiceScopeFactory scopes,
    PlatformSettings settings,
    IOptions<AccountOptions> options,
    IOptions<Demo.DemoOptions> demo,
    TimeProvider time,
    ILogger<AccountSeeder> logger) : IHostedService
{
    public static IReadOnlyList<(string Email, string Name, string[] Roles)> DemoAccounts { get; } =
    [
        ("admin@demo.crisiscomms", "Ada Admin", [Roles.Admin, Roles.Approver, Roles.Officer]),
        ("approver@demo.crisiscomms", "Alex Approver", [Roles.Approver, Roles.Officer]),
        ("officer@demo.crisiscomms", "Olu Officer", [Roles.Officer]),
        ("partner@demo.crisiscomms", "Pat Partner (Devon & Cornwall Police)", [Roles.Partner]),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // Web replicas starting together would otherwise both find a role missing and both create it.
        await StartupLock.RunAsync(scope.ServiceProvider.GetRequiredService<Persistence.WebDbContext>(), "accounts", () => SeedAsync(scope.ServiceProvider), cancellationToken);
    }

    private async Task SeedAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<Role>>();
        var users = services.GetRequiredService<UserManager<User>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new Role { Name = role }), role);
            }
        }

        var settingsValue = options.Value;
        if (settingsValue is { BootstrapAdminEmail: { } email, BootstrapAdminPassword: { } password } && !users.Users.Any())
        {
            await CreateAsync(users, email, "Administrator", password, [Roles.Admin, Roles.Approver, Roles.Officer]);
            LogBootstrapped(email);
        }

        if (Demo.DemoRegistration.Wanted(settings, demo.Value))
        {
            foreach (var (demoEmail, name, demoRoles) in DemoAccounts)
            {
                if (await users.FindByEmailAsync(demoEmail) is null)
                {
                    await CreateAsync(users, demoEmail, name, settingsValue.DemoPassword, demoRoles);
                }
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CreateAsync(UserManager<User> users, string email, string name, string password, string[] roles)
    {
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = time.GetUtcNow() };
        Check(await users.CreateAsync(user, password), email);
        Check(await users.AddToRolesAsync(user, roles), email);
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Created the bootstrap admin {Email}: sign in and replace the password")]
    private partial void LogBootstrapped(string email);
}
