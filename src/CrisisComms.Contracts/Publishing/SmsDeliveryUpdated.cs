namespace CrisisComms.Contracts.Publishing;

/// <summary>Per-recipient delivery of an SMS post, as the carrier reported it (Twilio status callbacks).</summary>
public record SmsDeliveryUpdated(Guid PostId, Guid IncidentId, int Recipients, int Delivered, int Failed, int Pending, DateTimeOffset At);
