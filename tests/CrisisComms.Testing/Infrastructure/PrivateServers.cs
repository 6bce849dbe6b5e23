using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;
using StackExchange.Redis;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// RabbitMQ, PostgreSQL and Redis from the Debian packages, started privately on free loopback ports
/// in a temp folder (nothing shared with a server already running here) and removed afterwards.
/// </summary>
public sealed class PrivateServers : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly string _root;
    private readonly List<ChildProcess> _processes = [];
    private readonly List<Func<Task>> _stops = [];

    private PrivateServers(string root) => _root = root;

    public ServerEndpoints Endpoints { get; private set; } = null!;

    public static async Task<PrivateServers> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), $"crisiscomms-servers-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(root);
        var servers = new PrivateServers(root);
        try
        {
            // Start all three at once; RabbitMQ takes longest.
            var rabbit = servers.StartRabbitMqAsync();
            var postgres = servers.StartPostgresAsync();
            var redis = servers.StartRedisAsync();
            var (amqp, management) = await rabbit;
            servers.Endpoints = new ServerEndpoints(amqp, management, await postgres, await redis, $"private servers in {root}");
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stop in Enumerable.Reverse(_stops))
        {
            try
            {
                await stop();
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException)
            {
                // Killed below.
            }
        }

        foreach (var process in _processes)
        {
            process.Dispose();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Require(string path, string package) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"{path} not found: install {package} (./test.sh does, with apt)");

    private async Task<(Uri Amqp, Uri Management)> StartRabbitMqAsync()
    {
        var server = Require("/usr/lib/rabbitmq/bin/rabbitmq-server", "rabbitmq-server");
        var ctl = Require("/usr/lib/rabbitmq/bin/rabbitmqctl", "rabbitmq-server");
        var dir = Path.Combine(_root, "rabbitmq");
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var managementPort = FreePort.Next();
        var node = $"cc{port}@localhost";
        var config = Path.Combine(dir, "rabbitmq.conf");
        await File.WriteAllTextAsync(config, string.Create(CultureInfo.InvariantCulture, $"""
            listeners.tcp.default = 127.0.0.1:{port}
            management.tcp.ip = 127.0.0.1
            management.tcp.port = {managementPort}
            log.file.level = warning
            """));
        await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[rabbitmq_management].\n");
        var environment = new Dictionary<string, string?>
        {
            ["HOME"] = dir,
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(dir, "rabbitmq.pid"),
        };
        var process = ChildProcess.Start(server, [], Path.Combine(_root, "rabbitmq.log"), environment);
        _processes.Add(process);
        _stops.Add(() => ChildProcess.RunAsync(ctl, ["-n", node, "stop"], TimeSpan.FromSeconds(30), environment));
        // await_startup fails at once until the node has registered with epmd, so ask until it answers.
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await ChildProcess.RunAsync(ctl, ["-n", node, "await_startup", "--timeout", "60"], StartTimeout, environment);
                break;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"RabbitMQ did not start: {e.Message}\n{process.Tail()}", e);
                }

                await Task.Delay(500);
            }
        }

        var management = new Uri($"http://guest:guest@127.0.0.1:{managementPort}/");
        await WaitForManagementAsync(management);
        return (new Uri($"amqp://guest:guest@127.0.0.1:{port}/"), management);
    }

    private static async Task WaitForManagementAsync(Uri management)
    {
        using var http = RabbitMqManagement.Client(management);
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("api/overview", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("RabbitMQ management API did not answer");
            }

            await Task.Delay(250);
        }
    }

    private async Task<string> StartPostgresAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("/usr/lib/postgresql/*/bin not found: install postgresql (./test.sh does, with apt)");
        }

        var dir = Path.Combine(_root, "postgres");
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();

        // PostgreSQL refuses to run as root: run it as the postgres user, who must own its folder.
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await ChildProcess.RunAsync("chmod", ["755", _root], TimeSpan.FromSeconds(10));
            await ChildProcess.RunAsync("chown", ["-R", "postgres:postgres", dir], TimeSpan.FromSeconds(10));
        }

        string[] Run(string program, params string[] arguments) =>
            asRoot ? ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments] : arguments;
        var runner = asRoot ? "runuser" : null;

        var initdb = Run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--locale=C");
        await ChildProcess.RunAsync(runner ?? Path.Combine(bin, "initdb"), initdb, TimeSpan.FromSeconds(60));

        var postgres = Run(
            "postgres", "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", dir,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=500", "-c", "shared_buffers=64MB");
        var process = ChildProcess.Start(runner ?? Path.Combine(bin, "postgres"), postgres, Path.Combine(_root, "postgres.log"));
        _processes.Add(process);
        _stops.Add(() => ChildProcess.RunAsync(runner ?? Path.Combine(bin, "pg_ctl"), Run("pg_ctl", "-D", data, "stop", "-m", "fast"), TimeSpan.FromSeconds(30)));

        var connectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException($"PostgreSQL did not start: {e.Message}\n{process.Tail()}", e);
            }
        }
    }

    private async Task<string> StartRedisAsync()
    {
        var server = File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : Require("/usr/local/bin/redis-server", "redis-server");
        var dir = Path.Combine(_root, "redis");
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var process = ChildProcess.Start(
            server,
            ["--bind", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--dir", dir,
             "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "no"],
            Path.Combine(_root, "redis.log"));
        _processes.Add(process);
        var endpoint = $"127.0.0.1:{port}";
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                await using var redis = await ConnectionMultiplexer.ConnectAsync($"{endpoint},connectTimeout=1000");
                await redis.GetDatabase().PingAsync();
                return endpoint;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
            catch (RedisConnectionException e)
            {
                throw new InvalidOperationException($"Redis did not start: {e.Message}\n{process.Tail()}", e);
            }
        }
    }
}

/// <summary>The RabbitMQ management HTTP API, for creating a vhost per test.</summary>
public static class RabbitMqManagement
{
    public static HttpClient Client(Uri management)
    {
        ArgumentNullException.ThrowIfNull(management);
        var user = Uri.UnescapeDataString(management.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(management.UserInfo.Split(':').ElementAtOrDefault(1) ?? string.Empty);
        var client = new HttpClient { BaseAddress = new UriBuilder(management) { UserName = string.Empty, Password = string.Empty }.Uri, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }
}
