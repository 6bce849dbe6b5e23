using System.Collections.Concurrent;
using CrisisComms.Contracts.Platform;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Telemetry;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Platform.Messaging;

/// <summary>
/// Poison messages this process moved to an error queue: kept for <c>/api/v1/platform/alerts</c>,
/// counted on <c>/metrics</c>, logged as errors and announced as <see cref="PoisonMessageDetected"/>
/// so the console shows them.
/// </summary>
public sealed class PoisonMessageAlerts(IServiceProvider services, PlatformMetrics metrics, ILogger<PoisonMessageAlerts> logger, TimeProvider time)
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<PoisonMessageDetected> _recent = new();

    public IReadOnlyList<PoisonMessageDetected> Recent => [.. _recent.Reverse()];

    internal async Task RaiseAsync(ExceptionReceiveContext context)
    {
        var queue = context.InputAddress?.AbsolutePath.Trim('/').Split('/').LastOrDefault() ?? "unknown";
        var messageType = context.TransportHeaders.Get<string>("MT-Fault-MessageType")
            ?? (context.TryGetPayload<ConsumeContext>(out var consume) ? string.Join(",", consume.SupportedMessageTypes) : "unknown");
        var messageId = context.GetMessageId();
        var alert = new PoisonMessageDetected(
            ServiceOf(queue),
            queue,
            $"{queue}_error",
            messageType,
            messageId,
            $"{context.Exception.GetType().Name}: {context.Exception.Message}",
            time.GetUtcNow());

        _recent.Enqueue(alert);
        while (_recent.Count > Kept && _recent.TryDequeue(out _))
        {
        }

        metrics.PoisonMessage(alert.Service, queue);
        logger.LogError(
            context.Exception,
            "Poison message {MessageId} ({MessageType}) moved to {ErrorQueue} after every retry failed",
            messageId,
            messageType,
            alert.ErrorQueue);

        try
        {
            // Resolved late: the bus is what runs this filter.
            await services.GetRequiredService<IBus>().Publish(alert);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The message is safe in the error queue; the announcement is best-effort.
            logger.LogWarning(e, "Could not announce poison message {MessageId}", messageId);
        }
    }

    private static string ServiceOf(string queue)
    {
        var prefix = queue.Split('-', 2)[0];
        return ServiceNames.All.Contains(prefix) ? prefix : "platform";
    }
}

/// <summary>Runs in the error pipe after the message has been moved to the error queue.</summary>
internal sealed class PoisonMessageAlertFilter(PoisonMessageAlerts alerts) : IFilter<ExceptionReceiveContext>
{
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        await next.Send(context);
        await alerts.RaiseAsync(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("crisiscomms-poison-alert");
}
