namespace CrisisComms.Testing.Infrastructure;

/// <summary>Where the real servers for a test run answer (admin access: tests make their own vhosts and databases).</summary>
public sealed record ServerEndpoints(
    Uri RabbitMq,
    Uri RabbitMqManagement,
    string Postgres,
    string Redis,
    string Origin)
{
    public const string RabbitMqVariable = "CRISISCOMMS_TEST_RABBITMQ";
    public const string RabbitMqManagementVariable = "CRISISCOMMS_TEST_RABBITMQ_MANAGEMENT";
    public const string PostgresVariable = "CRISISCOMMS_TEST_POSTGRES";
    public const string RedisVariable = "CRISISCOMMS_TEST_REDIS";

    /// <summary>The servers named by the environment, when all three are set.</summary>
    public static ServerEndpoints? FromEnvironment()
    {
        var rabbit = Environment.GetEnvironmentVariable(RabbitMqVariable);
        var postgres = Environment.GetEnvironmentVariable(PostgresVariable);
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        if (string.IsNullOrWhiteSpace(rabbit) && string.IsNullOrWhiteSpace(postgres) && string.IsNullOrWhiteSpace(redis))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(rabbit) || string.IsNullOrWhiteSpace(postgres) || string.IsNullOrWhiteSpace(redis))
        {
            throw new InvalidOperationException(
                $"set all of {RabbitMqVariable}, {PostgresVariable} and {RedisVariable}, or none (then the tests start their own servers)");
        }

        var rabbitUri = new Uri(rabbit);
        var management = Environment.GetEnvironmentVariable(RabbitMqManagementVariable) is { Length: > 0 } m
            ? new Uri(m)
            : new UriBuilder("http", rabbitUri.Host, 15672) { UserName = rabbitUri.UserInfo.Split(':')[0], Password = rabbitUri.UserInfo.Split(':').ElementAtOrDefault(1) }.Uri;
        return new ServerEndpoints(rabbitUri, management, postgres, redis, "environment");
    }

    /// <summary>As environment variables, for <c>test.sh</c> and child processes.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>
    {
        [RabbitMqVariable] = RabbitMq.ToString(),
        [RabbitMqManagementVariable] = RabbitMqManagement.ToString(),
        [PostgresVariable] = Postgres,
        [RedisVariable] = Redis,
    };
}
