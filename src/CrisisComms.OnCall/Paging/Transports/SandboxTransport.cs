using CrisisComms.OnCall.People;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>
/// The sandbox: the delivery is recorded here and shown at <c>/api/v1/oncall/deliveries</c> (with the
/// acknowledge link a real page would carry, so a demo can be acknowledged); nothing leaves the machine.
/// </summary>
internal sealed class SandboxTransport : IPagerTransport
{
    public string Kind => ContactKinds.Sandbox;

    public Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken)
    {
        if (outbound.AcknowledgeUrl is { } ack && !outbound.Delivery.Body.Contains(ack.ToString(), StringComparison.Ordinal))
        {
            outbound.Delivery.Body += $"\n\nAcknowledge (until {outbound.AcknowledgeUrlExpiresAt:HH:mm} UTC): {ack}";
        }

        return Task.FromResult(DeliveryOutcome.Delivered);
    }
}
