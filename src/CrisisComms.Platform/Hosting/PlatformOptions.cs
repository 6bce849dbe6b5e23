using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Platform.Hosting;

/// <summary><c>CrisisComms:Bus</c>: how every receive endpoint consumes.</summary>
public sealed class BusOptions
{
    public const string Section = "CrisisComms:Bus";

    /// <summary>Messages a receive endpoint handles at once (the default of 16 halved throughput here).</summary>
    [Range(1, 1024)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>
    /// <c>x-delivery-limit</c> of every quorum queue: a message redelivered this often (a consumer that
    /// crashes the process, say) is dead-lettered to the endpoint's error queue.
    /// </summary>
    [Range(1, 1000)]
    public int DeliveryLimit { get; set; } = 10;

    /// <summary>In-memory retries for blips before a message is faulted to the error queue (0: none).</summary>
    [Range(0, 20)]
    public int Retries { get; set; } = 3;

    /// <summary>First retry interval; each next one grows exponentially up to <see cref="RetryMaxInterval"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary><c>CrisisComms:Startup</c>.</summary>
public sealed class StartupOptions
{
    public const string Section = "CrisisComms:Startup";

    /// <summary>
    /// A process not started by then (a server that never answered, a start that hung) exits with code 3,
    /// so compose or systemd restarts it instead of leaving it up and useless. Above the 90 s database
    /// wait and the bus's 60 s start, so those report their own errors first.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Limit { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary><c>CrisisComms:Outbox</c>: how the transactional outbox dispatcher runs.</summary>
public sealed class OutboxOptions
{
    public const string Section = "CrisisComms:Outbox";

    /// <summary>How often pending rows are looked for without a nudge (after a restart, from another replica).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long dispatched outbox rows and inbox entries are kept (redeliveries older than this are not expected).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary><c>CrisisComms:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "CrisisComms:Redis";

    /// <summary>Every key this system writes starts with this (several deployments can share one Redis).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9:_.-]{1,64}$")]
    public string KeyPrefix { get; set; } = "cc:";
}
