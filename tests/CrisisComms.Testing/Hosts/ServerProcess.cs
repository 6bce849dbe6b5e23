using System.Globalization;
using CrisisComms.Testing.Infrastructure;

namespace CrisisComms.Testing.Hosts;

/// <summary>
/// The server binary started as its own process (<c>dotnet CrisisComms.Server.dll --services …</c>), as
/// production runs it: for tests that split services across processes or kill one.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly Dictionary<string, string?> _environment;
    private readonly string _logPath;
    private ChildProcess? _process;

    private ServerProcess(string name, int port, string[] arguments, Dictionary<string, string?> environment, string logPath)
    {
        Name = name;
        Port = port;
        _arguments = arguments;
        _environment = environment;
        _logPath = logPath;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath => _logPath;

    /// <summary>Starts <c>--services <paramref name="services"/></c> on the isolated servers and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string services, Isolated infrastructure, IReadOnlyDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(infrastructure);
        var port = FreePort.Next();
        var environment = infrastructure.Environment();
        environment["CrisisComms__InstanceId"] = $"{services.Replace(',', '-')}-{port}";
        environment["CrisisComms__LogFormat"] = "json";
        environment["CrisisComms__Outbox__PollInterval"] = "00:00:00.200";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var logPath = Path.Combine(Path.GetTempPath(), $"crisiscomms-{services.Replace(',', '-')}-{port}.log");
        var server = new ServerProcess(services, port, ["--services", services, "--urls", $"http://127.0.0.1:{port}"], environment, logPath);
        await server.StartAsync();
        return server;
    }

    /// <summary>(Re)starts the process and waits for <c>/health/ready</c>.</summary>
    public async Task StartAsync()
    {
        _process?.Dispose();
        _process = ChildProcess.Start("dotnet", [ServerBinary.Path, .. _arguments], _logPath, _environment, ServerBinary.Directory);
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited at start:\n{_process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready within 120 s:\n{_process.Tail()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>SIGKILL, mid-whatever-it-was-doing.</summary>
    public void Kill() => _process?.Kill();

    /// <summary>A client of this process, signed in with <paramref name="token"/> when given.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Signs in through <c>POST /api/v1/auth/token</c> (the web service) and returns the bearer token.</summary>
    public async Task<string> SignInAsync(string email, string password)
    {
        using var client = CreateClient();
        var response = await client.PostJsonAsync("/api/v1/auth/token", new { email, password }, System.Net.HttpStatusCode.OK);
        return response.GetProperty("token").GetString()!;
    }

    public string Tail(int lines = 60) => _process?.Tail(lines) ?? string.Empty;

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(15));
            _process.Dispose();
        }
    }
}

/// <summary>The built server: <c>src/CrisisComms.Server/bin/&lt;configuration&gt;/net10.0/CrisisComms.Server.dll</c>.</summary>
public static class ServerBinary
{
    private static readonly Lazy<string> Located = new(Locate);

    public static string Path => Located.Value;

    public static string Directory => System.IO.Path.GetDirectoryName(Located.Value)!;

    private static string Locate()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = RepositoryRoot.Find();
        var path = System.IO.Path.Combine(root, "src", "CrisisComms.Server", "bin", configuration, "net10.0", "CrisisComms.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the server first (dotnet build -c {configuration}): {path} is missing");
    }
}

/// <summary>The checkout's root (where CrisisComms.sln is), and the shared data beside it.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CrisisComms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("CrisisComms.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>../shared</c>: specs, conformance suites and datasets, read in place and never copied.</summary>
    public static string Shared(params string[] parts) =>
        System.IO.Path.Combine([System.IO.Path.GetFullPath(System.IO.Path.Combine(Find(), "..", "shared")), .. parts]);
}
