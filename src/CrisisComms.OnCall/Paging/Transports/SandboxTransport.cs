using CrisisComms.OnCall.People;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>The sandbox: the delivery is recorded here (and shown at <c>/api/v1/oncall/deliveries</c>); nothing leaves the machine.</summary>
internal sealed class SandboxTransport : IPagerTransport
{
    public string Kind => ContactKinds.Sandbox;

    public Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken) => Task.FromResult(DeliveryOutcome.Delivered);
}
