namespace CrisisComms.Publishing.Webhooks;

/// <summary>A partner system that receives every post as a signed JSON webhook.</summary>
internal sealed class WebhookSubscription
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public required string Url { get; set; }

    /// <summary>Signing secrets, newest first, protected: several are valid while a rotation is under way.</summary>
    public byte[]? Secrets { get; set; }

    public bool Active { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One post delivered to one subscription: written before the call.</summary>
internal sealed class WebhookDelivery
{
    public Guid PostId { get; set; }

    public Guid SubscriptionId { get; set; }

    /// <summary>attempted, delivered, failed.</summary>
    public required string Status { get; set; }

    public int? ResponseStatus { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
