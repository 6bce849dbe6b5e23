namespace CrisisComms.Platform.Hosting;

/// <summary>Which infrastructure the process runs on.</summary>
public enum InfrastructureMode
{
    /// <summary>In-memory bus, SQLite under the data directory, in-process state stores. Nothing to install.</summary>
    Embedded,

    /// <summary>RabbitMQ, PostgreSQL and Redis from the connection strings <c>rabbitmq</c>, <c>postgres</c>, <c>redis</c>.</summary>
    External,
}
