using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using CrisisComms.Server;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Testing.Hosts;

/// <summary>What a <see cref="ServiceHost"/> runs, and on what.</summary>
public sealed class ServiceHostOptions
{
    /// <summary>Services to run; empty runs all of them.</summary>
    public List<string> Services { get; } = [];

    /// <summary>Real servers for this host (a fresh vhost, database and key prefix); null runs embedded in a temp folder.</summary>
    public Infrastructure.Isolated? Infrastructure { get; set; }

    /// <summary>Register the bus through MassTransit's test harness (embedded only).</summary>
    public bool BusTestHarness { get; set; }

    public Dictionary<string, string?> Settings { get; } = [];

    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Adds to the platform after the services (a test's own module, consumers…).</summary>
    public Action<PlatformBuilder>? ConfigurePlatform { get; set; }

    /// <summary>Capture every log line (all levels) of the host here.</summary>
    public CapturedLogs? Logs { get; set; }

    /// <summary>Embedded: keep the SQLite files here (and do not delete them), so a second host can restart on them.</summary>
    public string? DataDirectory { get; set; }
}

/// <summary>
/// The real composition of the server (the same <c>AddServices</c> table <c>Program.cs</c> uses), hosted
/// in the test process on ASP.NET Core's test server.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _dataDirectory;

    private ServiceHost(WebApplication app, string? dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        AnonymousClient = app.GetTestClient();
        Client = ClientAs("tester", Roles.Admin, Roles.Approver, Roles.Officer);
    }

    /// <summary>Signed in as "tester", an admin who is also an approver and an officer.</summary>
    public HttpClient Client { get; }

    /// <summary>Not signed in.</summary>
    public HttpClient AnonymousClient { get; }

    /// <summary>A client signed in (bearer token from the host's own key ring) as <paramref name="id"/> with these roles.</summary>
    public HttpClient ClientAs(string id, params string[] roles)
    {
        var client = _app.GetTestClient();
        var token = Get<ApiTokens>().Issue(new TokenSubject(id, id, roles), TimeSpan.FromHours(1));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public IServiceProvider Services => _app.Services;

    public ITestHarness Harness => _app.Services.GetRequiredService<ITestHarness>();

    public static async Task<ServiceHost> StartAsync(Action<ServiceHostOptions>? configure = null)
    {
        var options = new ServiceHostOptions();
        configure?.Invoke(options);

        var settings = new Dictionary<string, string?>
        {
            ["CrisisComms:Services"] = options.Services.Count == 0 ? "all" : string.Join(",", options.Services),
            ["CrisisComms:LogFormat"] = "text",
            ["CrisisComms:Demo:Enabled"] = "false",
            ["CrisisComms:Outbox:PollInterval"] = "00:00:00.200",
            ["CrisisComms:InstanceId"] = $"test-{Guid.NewGuid():N}"[..20],
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:CrisisComms"] = "Warning",
        };

        string? dataDirectory = null;
        if (options.Infrastructure is { } infrastructure)
        {
            settings["CrisisComms:Infrastructure"] = "external";
            foreach (var (key, value) in infrastructure.Configuration())
            {
                settings[key] = value;
            }
        }
        else
        {
            var directory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"crisiscomms-host-{Guid.NewGuid():N}");
            dataDirectory = options.DataDirectory is null ? directory : null;
            settings["CrisisComms:Infrastructure"] = "embedded";
            settings["CrisisComms:DataDirectory"] = directory;
        }

        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        var platform = builder.AddPlatform([]);
        if (options.BusTestHarness)
        {
            platform.UseBusTestHarness();
            // Generous on a shared 2-core machine: "nothing happened" is only concluded after 5 s of quiet.
            builder.Services.Configure<MassTransit.TestHarnessOptions>(h =>
            {
                h.TestTimeout = TimeSpan.FromSeconds(60);
                h.TestInactivityTimeout = TimeSpan.FromSeconds(5);
            });
        }

        platform.AddServices();
        options.ConfigurePlatform?.Invoke(platform);
        if (options.Logs is { } logs)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
            builder.Logging.AddFilter<CapturedLogs>(null, Microsoft.Extensions.Logging.LogLevel.Trace);
        }

        options.ConfigureServices?.Invoke(builder.Services);
        var app = platform.Build();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Delete(dataDirectory);
            throw;
        }

        return new ServiceHost(app, dataDirectory);
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="action"/> with a fresh DI scope (a DbContext of one unit of work, say).</summary>
    public async Task<TResult> InScopeAsync<TResult>(Func<IServiceProvider, Task<TResult>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        AnonymousClient.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Delete(_dataDirectory);
    }

    private static void Delete(string? directory)
    {
        if (directory is null)
        {
            return;
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
