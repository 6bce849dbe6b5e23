using MassTransit;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Platform.Messaging;

/// <summary>Every log line written while a message is consumed carries its message id and incident id.</summary>
public sealed class LogScopeFilter<T>(ILogger<LogScopeFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var scope = new LogScope(
        [
            new("MessageId", context.MessageId),
            new("MessageType", typeof(T).Name),
            new("IncidentId", BusHeaders.IncidentOf(context)),
            new("ConversationId", context.ConversationId),
        ]);
        using (logger.BeginScope(scope))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("crisiscomms-log-scope");
}
