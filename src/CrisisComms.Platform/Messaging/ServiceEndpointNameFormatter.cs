using CrisisComms.Platform.Hosting;
using MassTransit;

namespace CrisisComms.Platform.Messaging;

/// <summary>
/// Kebab-case endpoint names prefixed with the owning service (<c>monitoring-incident-opened</c>), so
/// consumers with the same class name in two services never share, and compete on, one queue.
/// </summary>
public sealed class ServiceEndpointNameFormatter : KebabCaseEndpointNameFormatter
{
    public static new ServiceEndpointNameFormatter Instance { get; } = new();

    private ServiceEndpointNameFormatter()
        : base(includeNamespace: false)
    {
    }

    public override string Consumer<T>() => Prefixed(typeof(T), base.Consumer<T>());

    public static string ForConsumer(Type consumerType)
    {
        ArgumentNullException.ThrowIfNull(consumerType);
        var method = typeof(ServiceEndpointNameFormatter).GetMethod(nameof(Consumer))!.MakeGenericMethod(consumerType);
        return (string)method.Invoke(Instance, null)!;
    }

    private static string Prefixed(Type type, string name) =>
        ServiceNames.OwnerOf(type) is { } service ? $"{service}-{name}" : name;
}
