using System.Diagnostics.Metrics;

namespace CrisisComms.Platform.Telemetry;

/// <summary>The platform's own instruments, exported on <c>/metrics</c> with everyone else's.</summary>
public sealed class PlatformMetrics : IDisposable
{
    public const string MeterName = "CrisisComms";

    private readonly Meter _meter;
    private readonly Counter<long> _outboxDispatched;
    private readonly Counter<long> _inboxDuplicates;
    private readonly Counter<long> _poisonMessages;

    public PlatformMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _outboxDispatched = _meter.CreateCounter<long>("crisiscomms.outbox.dispatched", "{message}", "Outbox messages handed to the bus");
        _inboxDuplicates = _meter.CreateCounter<long>("crisiscomms.inbox.duplicates", "{message}", "Redelivered messages the inbox recognised and ignored");
        _poisonMessages = _meter.CreateCounter<long>("crisiscomms.messages.poison", "{message}", "Messages moved to an error queue after every retry failed");
    }

    /// <summary>For the services' own instruments.</summary>
    public Meter Meter => _meter;

    public void OutboxDispatched(string service, int count)
    {
        if (count > 0)
        {
            _outboxDispatched.Add(count, new KeyValuePair<string, object?>("service", service));
        }
    }

    public void InboxDuplicate(string service) =>
        _inboxDuplicates.Add(1, new KeyValuePair<string, object?>("service", service));

    public void PoisonMessage(string service, string queue) =>
        _poisonMessages.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("queue", queue));

    public void Dispose() => _meter.Dispose();
}
