using Microsoft.Extensions.Configuration;
using Npgsql;
using StackExchange.Redis;

namespace CrisisComms.Platform.Hosting;

/// <summary>
/// What this process runs and on what: resolved once at start from configuration, before anything is
/// registered, so a wrong setting stops the process with one line naming the key.
/// </summary>
public sealed class PlatformSettings
{
    public const string Section = "CrisisComms";

    private PlatformSettings(
        IReadOnlyList<string> services,
        InfrastructureMode mode,
        string dataDirectory,
        string? rabbitMq,
        string? postgres,
        string? redis,
        string instanceId)
    {
        Services = services;
        Mode = mode;
        DataDirectory = dataDirectory;
        RabbitMq = rabbitMq;
        Postgres = postgres;
        Redis = redis;
        InstanceId = instanceId;
    }

    /// <summary>The services this process runs, in <see cref="ServiceNames.All"/> order.</summary>
    public IReadOnlyList<string> Services { get; }

    public bool RunsAll => Services.Count == ServiceNames.All.Count;

    public InfrastructureMode Mode { get; }

    public bool IsEmbedded => Mode == InfrastructureMode.Embedded;

    /// <summary>Where embedded mode keeps its SQLite files (absolute).</summary>
    public string DataDirectory { get; }

    public string? RabbitMq { get; }

    public string? Postgres { get; }

    public string? Redis { get; }

    /// <summary>Names this replica in leases, logs and the scheduler cluster.</summary>
    public string InstanceId { get; }

    public bool Runs(string service) => Services.Contains(service, StringComparer.Ordinal);

    public static PlatformSettings Resolve(IConfiguration configuration, string contentRoot)
    {
        var services = ParseServices(configuration[$"{Section}:Services"]);
        var rabbit = Blank(configuration.GetConnectionString("rabbitmq"));
        var postgres = Blank(configuration.GetConnectionString("postgres"));
        var redis = Blank(configuration.GetConnectionString("redis"));

        var mode = (Blank(configuration[$"{Section}:Infrastructure"])?.ToLowerInvariant()) switch
        {
            null or "auto" => rabbit is null && postgres is null && redis is null
                ? InfrastructureMode.Embedded
                : InfrastructureMode.External,
            "embedded" => InfrastructureMode.Embedded,
            "external" => InfrastructureMode.External,
            var other => throw new ConfigurationException(
                $"{Section}:Infrastructure", $"'{other}' is not one of auto, embedded, external"),
        };

        if (mode == InfrastructureMode.Embedded && services.Count != ServiceNames.All.Count)
        {
            throw new ConfigurationException(
                $"{Section}:Services",
                $"running a subset ({string.Join(",", services)}) needs RabbitMQ, PostgreSQL and Redis: set " +
                "ConnectionStrings:rabbitmq, ConnectionStrings:postgres and ConnectionStrings:redis " +
                "(on the embedded in-memory bus the services in other processes could not be reached)");
        }

        if (mode == InfrastructureMode.External)
        {
            ValidateRabbit(rabbit);
            ValidatePostgres(postgres);
            ValidateRedis(redis);
        }

        var dataDirectory = Path.GetFullPath(
            Blank(configuration[$"{Section}:DataDirectory"]) ?? "data",
            contentRoot);

        var instanceId = Blank(configuration[$"{Section}:InstanceId"])
            ?? $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";

        return new PlatformSettings(services, mode, dataDirectory, rabbit, postgres, redis, instanceId);
    }

    private static List<string> ParseServices(string? value)
    {
        var requested = (value ?? string.Empty)
            .Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.ToLowerInvariant())
            .ToList();

        if (requested.Count == 0 || requested is ["all"])
        {
            return [.. ServiceNames.All];
        }

        foreach (var name in requested)
        {
            if (!ServiceNames.All.Contains(name))
            {
                throw new ConfigurationException(
                    $"{Section}:Services",
                    $"unknown service '{name}' (known: all, {string.Join(", ", ServiceNames.All)})");
            }
        }

        return ServiceNames.All.Where(requested.Contains).ToList();
    }

    private static void ValidateRabbit(string? value)
    {
        const string key = "ConnectionStrings:rabbitmq";
        if (value is null)
        {
            throw new ConfigurationException(key, "is required when running on external infrastructure (e.g. amqp://user:pass@rabbitmq:5672/)");
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps" or "rabbitmq" or "rabbitmqs"))
        {
            throw new ConfigurationException(key, "must be an amqp:// URI, e.g. amqp://user:pass@rabbitmq:5672/");
        }
    }

    private static void ValidatePostgres(string? value)
    {
        const string key = "ConnectionStrings:postgres";
        if (value is null)
        {
            throw new ConfigurationException(key, "is required when running on external infrastructure (e.g. Host=postgres;Username=crisiscomms;Password=…;Database=crisiscomms)");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new ConfigurationException(key, "names no Host");
            }
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(key, $"is not a valid PostgreSQL connection string ({e.Message})");
        }
    }

    private static void ValidateRedis(string? value)
    {
        const string key = "ConnectionStrings:redis";
        if (value is null)
        {
            throw new ConfigurationException(key, "is required when running on external infrastructure (e.g. redis:6379)");
        }

        try
        {
            var options = ConfigurationOptions.Parse(value);
            if (options.EndPoints.Count == 0)
            {
                throw new ConfigurationException(key, "names no endpoint (host:port)");
            }
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException(key, $"is not a valid Redis configuration string ({e.Message})");
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
