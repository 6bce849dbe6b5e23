using System.Collections.Concurrent;
using System.Threading.Channels;

namespace CrisisComms.Platform.Outbox;

/// <summary>
/// Wakes a context's dispatcher as soon as a unit of work with outbox messages commits, so messages
/// leave in milliseconds; the dispatcher still polls for rows this process did not write.
/// </summary>
public sealed class OutboxSignal
{
    private readonly ConcurrentDictionary<Type, Channel<bool>> _channels = new();

    public void Notify(Type contextType) => Channel(contextType).Writer.TryWrite(true);

    public async Task WaitAsync(Type contextType, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await Channel(contextType).Reader.ReadAsync(timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Poll interval elapsed.
        }
    }

    private Channel<bool> Channel(Type contextType) => _channels.GetOrAdd(
        contextType,
        _ => System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite,
        }));
}
