using DotNet.Testcontainers.Builders;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;
using Testcontainers.Redis;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>The same three servers from Testcontainers, where a Docker engine answers.</summary>
public sealed class ContainerServers : IAsyncDisposable
{
    private readonly RabbitMqContainer _rabbit;
    private readonly PostgreSqlContainer _postgres;
    private readonly RedisContainer _redis;

    private ContainerServers(RabbitMqContainer rabbit, PostgreSqlContainer postgres, RedisContainer redis)
    {
        _rabbit = rabbit;
        _postgres = postgres;
        _redis = redis;
    }

    public ServerEndpoints Endpoints { get; private set; } = null!;

    /// <summary>True when Docker is configured here (a socket or DOCKER_HOST); the engine may still not answer.</summary>
    public static bool DockerConfigured =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");

    public static async Task<ContainerServers> StartAsync()
    {
        var rabbit = new RabbitMqBuilder("rabbitmq:3.13-management").WithUsername("guest").WithPassword("guest").Build();
        var postgres = new PostgreSqlBuilder("postgres:15").WithUsername("postgres").WithPassword("postgres").Build();
        var redis = new RedisBuilder("redis:7").WithCommand("--appendonly", "yes").Build();
        var servers = new ContainerServers(rabbit, postgres, redis);
        try
        {
            await Task.WhenAll(rabbit.StartAsync(), postgres.StartAsync(), redis.StartAsync());
            var amqp = new Uri(rabbit.GetConnectionString());
            var management = new Uri($"http://guest:guest@{rabbit.Hostname}:{rabbit.GetMappedPublicPort(15672)}/");
            servers.Endpoints = new ServerEndpoints(amqp, management, postgres.GetConnectionString(), redis.GetConnectionString(), "Testcontainers");
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
        await _rabbit.DisposeAsync();
        await _postgres.DisposeAsync();
        await _redis.DisposeAsync();
    }

    internal static bool IsDockerUnavailable(Exception e) =>
        e is DockerUnavailableException || e.InnerException is { } inner && IsDockerUnavailable(inner);
}
