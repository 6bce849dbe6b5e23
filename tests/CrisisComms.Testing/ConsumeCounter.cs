using System.Collections.Concurrent;
using MassTransit;

namespace CrisisComms.Testing;

/// <summary>Counts every delivery a bus consumed, by message type — duplicates included (the harness keys by message id).</summary>
public sealed class ConsumeCounter : IConsumeObserver
{
    private readonly ConcurrentDictionary<Type, int> _counts = new();

    public static ConsumeCounter On(IBus bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var counter = new ConsumeCounter();
        bus.ConnectConsumeObserver(counter);
        return counter;
    }

    public int Of<T>() => _counts.GetValueOrDefault(typeof(T));

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        _counts.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class
    {
        _counts.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
