namespace CrisisComms.Publishing.Recipients;

/// <summary>A subscriber in a group (SMS numbers, email distribution lists).</summary>
internal sealed class Recipient
{
    public Guid Id { get; set; }

    /// <summary>sms or email.</summary>
    public required string Channel { get; set; }

    public required string Group { get; set; }

    /// <summary>E.164 phone number or email address.</summary>
    public required string Address { get; set; }

    public string? Name { get; set; }

    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>One recipient's copy of an SMS post: written before the send, so a crash never sends it twice.</summary>
internal sealed class SmsDelivery
{
    public Guid PostId { get; set; }

    public required string Recipient { get; set; }

    public Guid IncidentId { get; set; }

    /// <summary>Twilio's message SID, once Twilio took it.</summary>
    public string? MessageSid { get; set; }

    /// <summary>attempted, queued, sent, delivered, undelivered, failed.</summary>
    public required string Status { get; set; }

    public string? ErrorCode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
