namespace CrisisComms.Contracts.OnCall;

/// <summary>
/// Scheduled command (on-call to itself): the timeout of step <paramref name="Step"/> of an escalation is
/// over. Ignored when the escalation has moved on (acknowledged, resolved, or already a later step).
/// </summary>
public record EscalationStepDue(Guid EscalationId, int Step);

/// <summary>Command (on-call to itself, now or scheduled for a retry): make one delivery of a page or notice.</summary>
public record DeliverPage(Guid DeliveryId);

/// <summary>Recurring command (every minute): send handover reminders and summaries that are due.</summary>
public record CheckHandovers(string Scope);
