namespace CrisisComms.OnCall.Acknowledgements;

/// <summary>An inbound webhook event already handled (PagerDuty event id…): a replay is ignored.</summary>
internal sealed class InboundEvent
{
    public required string Source { get; set; }

    public required string EventId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>Settings of an inbound integration, secrets encrypted (the PagerDuty webhook's signing secrets…).</summary>
internal sealed class Integration
{
    public required string Name { get; set; }

    public byte[]? Secrets { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
