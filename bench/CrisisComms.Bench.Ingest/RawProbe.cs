using System.Diagnostics;
using CrisisComms.Testing.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace CrisisComms.Bench.Ingest;

/// <summary>
/// The baseline: what the broker itself does on this machine with nothing of ours in the way — persistent
/// messages of a webhook's size published with confirms on a durable queue, consumed with acks.
/// </summary>
internal static class RawProbe
{
    public static async Task<RateFigure> RunAsync(Isolated corner, int count, int concurrency, byte[] body)
    {
        var factory = new ConnectionFactory { Uri = new Uri(corner.RabbitMq), ClientProvidedName = "bench-raw-probe" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var publisher = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await using var subscriber = await connection.CreateChannelAsync();
        const string queue = "bench-raw-probe";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await subscriber.BasicQosAsync(0, 64, global: false);

        var consumed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(subscriber);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await subscriber.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref consumed) == count)
            {
                done.TrySetResult();
            }
        };
        await subscriber.BasicConsumeAsync(queue, autoAck: false, consumer);

        var started = Stopwatch.GetTimestamp();
        var next = -1;
        var publishers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var properties = new BasicProperties { Persistent = true, ContentType = "application/json", MessageId = Guid.NewGuid().ToString() };
                await publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body);
            }
        });
        await Task.WhenAll(publishers);
        var published = Stopwatch.GetElapsedTime(started);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new RateFigure(count, published, elapsed);
    }
}

/// <summary><paramref name="Count"/> items: all on the broker after <paramref name="Accepted"/>, all consumed after <paramref name="Delivered"/>.</summary>
internal sealed record RateFigure(int Count, TimeSpan Accepted, TimeSpan Delivered)
{
    public double AcceptedPerSecond => Count / Accepted.TotalSeconds;

    public double DeliveredPerSecond => Count / Delivered.TotalSeconds;
}
