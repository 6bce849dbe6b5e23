using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using CrisisComms.Server;
using CrisisComms.Testing.Infrastructure;
using CrisisComms.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace CrisisComms.Web.Tests.Browser;

/// <summary>
/// For one test class: the whole server, embedded, listening on a real loopback port (Kestrel, so a real
/// browser can reach it), and one headless Debian Chromium driven by Playwright. Each test opens its own
/// browser context (its own cookies), so tests in a class do not see each other's sessions.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    public const string AdminEmail = "admin@council.test";
    public const string OfficerEmail = "officer@council.test";
    public const string ApproverEmail = "approver@council.test";

    /// <summary>Debian's Chromium; Playwright's own browser download is not used (../shared/NOTES.md).</summary>
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"crisiscomms-browser-{Guid.NewGuid():N}");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>The API, as an officer and approver ("tester"), over the real port.</summary>
    public HttpClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (apt-get install chromium); browser tests never skip.");
        }

        var port = FreePort.Next();
        // localhost (not 127.0.0.1): Chromium counts it a secure context, so the Secure __Host- session cookie is kept over http.
        BaseAddress = new Uri($"http://localhost:{port.ToString(CultureInfo.InvariantCulture)}/");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls(BaseAddress.ToString().TrimEnd('/'));
        var settings = new Dictionary<string, string?>
        {
            ["CrisisComms:Services"] = "all",
            ["CrisisComms:Infrastructure"] = "embedded",
            ["CrisisComms:DataDirectory"] = _dataDirectory,
            ["CrisisComms:Demo:Enabled"] = "false",
            ["CrisisComms:LogFormat"] = "text",
            ["CrisisComms:Outbox:PollInterval"] = "00:00:00.200",
            ["CrisisComms:InstanceId"] = $"browser-{port}",
            ["CrisisComms:Web:ApiBaseAddress"] = BaseAddress.ToString(),
            ["CrisisComms:Accounts:BootstrapAdminEmail"] = AdminEmail,
            ["CrisisComms:Accounts:BootstrapAdminPassword"] = Password,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        await ConfigureAsync(settings);
        builder.Configuration.AddInMemoryCollection(settings);
        var platform = builder.AddPlatform([]);
        platform.AddServices();
        _app = platform.Build();
        await _app.StartAsync();
        await CreateUserAsync(OfficerEmail, "Olu Officer", Roles.Officer);
        await CreateUserAsync(ApproverEmail, "Alex Approver", Roles.Approver, Roles.Officer);

        Api = new HttpClient { BaseAddress = BaseAddress };
        var token = Services.GetRequiredService<ApiTokens>().Issue(new TokenSubject("tester", "Tess Tester", [Roles.Officer, Roles.Approver, Roles.Admin]), TimeSpan.FromHours(2));
        Api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        if (AskForApproval)
        {
            // Sign-off by a second person, as a council with an approval policy runs it (the console's approval queue).
            using var policy = await Api.PatchAsJsonAsync("/api/v1/organisation/settings", new { approvalMode = "SecondPerson" });
            await EnsureAsync(policy, "ask for approval by a second person");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>Whether drafts need a second person's approval (the organisation's policy).</summary>
    protected virtual bool AskForApproval => true;

    /// <summary>Changes the server's settings before it starts (and starts what it needs first).</summary>
    protected virtual Task ConfigureAsync(Dictionary<string, string?> settings) => Task.CompletedTask;

    /// <summary>Stops what <see cref="ConfigureAsync"/> started, after the server.</summary>
    protected virtual ValueTask StopExtrasAsync() => ValueTask.CompletedTask;

    /// <summary>A fresh browser (own cookies) on the server; a phone's viewport when asked.</summary>
    public async Task<IBrowserContext> NewContextAsync(bool phone = false, bool bypassCsp = false)
    {
        var options = new BrowserNewContextOptions { BaseURL = BaseAddress.ToString().TrimEnd('/'), Locale = "en-GB", TimezoneId = "Europe/London", BypassCSP = bypassCsp };
        if (phone)
        {
            options.ViewportSize = new ViewportSize { Width = 390, Height = 844 };
            options.IsMobile = true;
            options.HasTouch = true;
            options.DeviceScaleFactor = 2;
        }

        var context = await Browser.NewContextAsync(options);
        // Generous on a shared 2-core machine: waits end as soon as the page is right.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return context;
    }

    /// <summary>Signs in through the sign-in page, as a person would, and lands on their home page.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/sign-in", StringComparison.Ordinal));
    }

    private Task<Guid>? _flood;

    /// <summary>The class's one "River Exe flooding" incident (#DCCFlood), opened by whichever test needs it first.</summary>
    public Task<Guid> FloodAsync()
    {
        lock (this)
        {
            return _flood ??= OpenIncidentAsync("River Exe flooding", "flood");
        }
    }

    /// <summary>Opens an incident through drafting's API and waits for the dashboard's read model to know it.</summary>
    public async Task<Guid> OpenIncidentAsync(string title, string shortName)
    {
        using var opened = await Api.PostAsJsonAsync("/api/v1/incidents", new { title, shortName, severity = "Major", areas = new[] { "Exeter" }, acceptHashtagInUse = true });
        opened.EnsureSuccessStatusCode();
        var id = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Testing.Eventually.TrueAsync(async () =>
        {
            using var found = await Api.GetAsync(new Uri($"/api/v1/dashboard/incidents/{id}", UriKind.Relative));
            return found.IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(30), "incident projected");
        return id;
    }

    /// <summary>Publishes an update through drafting's API as "tester" (approved by a second approver when the organisation asks for it).</summary>
    public async Task PublishAsync(Guid incidentId, string headline, string body, params string[] channels)
    {
        using var created = await Api.PostAsJsonAsync("/api/v1/drafts", new { incidentId, headline, body, channels, submit = true });
        await EnsureAsync(created, "create the draft");
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        if (draft.GetProperty("status").GetString() != "AwaitingApproval")
        {
            return;
        }

        using var approver = new HttpClient { BaseAddress = BaseAddress };
        var token = Services.GetRequiredService<ApiTokens>().Issue(new TokenSubject("second", "Sam Second", [Roles.Approver]), TimeSpan.FromHours(1));
        approver.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var approved = await approver.PostAsync(new Uri($"/api/v1/drafts/{draft.GetProperty("id").GetGuid()}/approve", UriKind.Relative), null);
        await EnsureAsync(approved, "approve the draft");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"could not {what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>A mention arriving on the sandbox channel, as the ingestor would take it from X.</summary>
    public async Task MentionAsync(string text, string author = "@resident")
    {
        using var sent = await Api.PostAsJsonAsync("/api/v1/monitoring/sandbox/mentions", new { channel = "x", nativeId = Guid.NewGuid().ToString("N"), author, text });
        sent.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await StopExtrasAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task CreateUserAsync(string email, string name, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        var inRoles = created.Succeeded ? await users.AddToRolesAsync(user, roles) : created;
        if (!inRoles.Succeeded)
        {
            throw new InvalidOperationException($"could not create {email}: {string.Join("; ", inRoles.Errors.Select(e => e.Description))}");
        }
    }
}
