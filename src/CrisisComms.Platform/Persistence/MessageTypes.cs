using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrisisComms.Platform.Persistence;

/// <summary>How messages are named and serialised when they wait in a database (outbox, scheduler).</summary>
public static class MessageTypes
{
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string NameOf(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static Type Resolve(string name) =>
        Resolved.GetOrAdd(name, n => Type.GetType(n, throwOnError: false)
            ?? throw new InvalidOperationException($"message type '{n}' is not known to this binary"));
}
