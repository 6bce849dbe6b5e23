using System.Net;
using Npgsql;
using StackExchange.Redis;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// One test's own corner of the shared servers: a RabbitMQ vhost, a PostgreSQL database and a Redis
/// key prefix, made fresh and removed afterwards, so tests never see each other's messages or rows.
/// </summary>
public sealed class Isolated : IAsyncDisposable
{
    private readonly ServerEndpoints _servers;
    private readonly string _vhost;
    private readonly string _database;

    private Isolated(ServerEndpoints servers, string name)
    {
        _servers = servers;
        _vhost = name;
        _database = name;
        RedisKeyPrefix = $"{name}:";
        RabbitMq = new UriBuilder(servers.RabbitMq) { Path = "/" + Uri.EscapeDataString(name) }.Uri.ToString();
        Postgres = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = name, MaxPoolSize = 30 }.ToString();
        Redis = servers.Redis;
    }

    public string RabbitMq { get; }

    public string Postgres { get; }

    public string Redis { get; }

    public string RedisKeyPrefix { get; }

    public static async Task<Isolated> CreateAsync(ServerEndpoints servers, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var name = $"t_{(label ?? "test").ToLowerInvariant()}_{Guid.NewGuid():N}"[..30];
        var isolated = new Isolated(servers, name);

        using (var http = RabbitMqManagement.Client(servers.RabbitMqManagement))
        {
            var user = Uri.UnescapeDataString(servers.RabbitMq.UserInfo.Split(':')[0]);
            using var vhost = await http.PutAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(name)}", UriKind.Relative), null);
            vhost.EnsureSuccessStatusCode();
            using var permissions = await http.PutAsync(
                new Uri($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(user)}", UriKind.Relative),
                new StringContent("""{"configure":".*","write":".*","read":".*"}""", System.Text.Encoding.UTF8, "application/json"));
            permissions.EnsureSuccessStatusCode();
        }

        await using (var connection = new NpgsqlConnection(servers.Postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return isolated;
    }

    /// <summary>Settings for a host on this corner (connection strings and the Redis key prefix).</summary>
    public Dictionary<string, string?> Configuration() => new()
    {
        ["ConnectionStrings:rabbitmq"] = RabbitMq,
        ["ConnectionStrings:postgres"] = Postgres,
        ["ConnectionStrings:redis"] = Redis,
        ["CrisisComms:Redis:KeyPrefix"] = RedisKeyPrefix,
    };

    /// <summary>The same as environment variables, for a server started as its own process.</summary>
    public Dictionary<string, string?> Environment() =>
        Configuration().ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await using var connection = new NpgsqlConnection(_servers.Postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
        }

        try
        {
            using var http = RabbitMqManagement.Client(_servers.RabbitMqManagement);
            using var _ = await http.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(_vhost)}", UriKind.Relative));
        }
        catch (HttpRequestException)
        {
        }

        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(_servers.Redis);
            var server = redis.GetServers()[0];
            var db = redis.GetDatabase();
            await foreach (var key in server.KeysAsync(pattern: RedisKeyPrefix + "*"))
            {
                await db.KeyDeleteAsync(key);
            }
        }
        catch (RedisException)
        {
        }
    }
}
