using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace CrisisComms.Platform.Persistence;

/// <summary>Adds messages to the outbox of a unit of work; they go out only if it commits.</summary>
public readonly struct OutboxWriter
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> IncidentIdProperties = new();
    private readonly ServiceDbContext _db;

    internal OutboxWriter(ServiceDbContext db) => _db = db;

    /// <summary>Publish <paramref name="message"/> after commit. Returns its message id.</summary>
    public Guid Publish<T>(T message)
        where T : class => Add(message, deliverAt: null, scheduleKey: null);

    /// <summary>
    /// Publish <paramref name="message"/> at <paramref name="deliverAt"/> (Quartz, persistent). A later
    /// schedule with the same <paramref name="key"/> replaces this one.
    /// </summary>
    public Guid Schedule<T>(T message, DateTimeOffset deliverAt, string? key = null)
        where T : class => Add(message, deliverAt, key);

    private Guid Add<T>(T message, DateTimeOffset? deliverAt, string? scheduleKey)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        var id = Guid.CreateVersion7();
        _db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = id,
            MessageType = MessageTypes.NameOf(type),
            Body = JsonSerializer.Serialize(message, type, MessageTypes.Json),
            IncidentId = IncidentIdOf(message, type),
            CreatedAt = DateTimeOffset.UtcNow,
            DeliverAt = deliverAt,
            ScheduleKey = scheduleKey,
        });
        _db.OutboxTouched = true;
        return id;
    }

    private static Guid? IncidentIdOf(object message, Type type)
    {
        var property = IncidentIdProperties.GetOrAdd(type, t => t.GetProperty("IncidentId"));
        return property?.GetValue(message) switch
        {
            Guid g when g != Guid.Empty => g,
            _ => null,
        };
    }
}
