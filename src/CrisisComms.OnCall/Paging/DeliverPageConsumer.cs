using CrisisComms.Contracts.OnCall;
using CrisisComms.OnCall.Acknowledgements;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.Paging.Transports;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Paging;

/// <summary>
/// Makes one delivery: the row is marked "attempting" before the call, so a crash leaves a trace and a
/// second replica does not call at the same time; the outcome is recorded with its follow-on messages
/// in one transaction. 429, 5xx and network errors are retried with backoff and jitter (honouring
/// Retry-After) up to MaxAttempts; a refusal (400, a bad key) is not retried. When no way reached a
/// paged person, <see cref="PageDeliveryFailed"/> is announced and the escalation moves on.
/// </summary>
[IdempotentBy("the delivery row's status: delivered and failed deliveries are never called again; the pagers dedupe repeats by dedup_key, alias or Idempotency-Key")]
internal sealed partial class DeliverPageConsumer(
    OnCallDbContext db,
    IEnumerable<IPagerTransport> transports,
    ContactSecrets secrets,
    AckLinks links,
    EscalationEngine engine,
    IOptions<OnCallOptions> options,
    TimeProvider time,
    ILogger<DeliverPageConsumer> logger) : IConsumer<DeliverPage>
{
    public async Task Consume(ConsumeContext<DeliverPage> context)
    {
        var cancellationToken = context.CancellationToken;
        var settings = options.Value;
        db.ChangeTracker.Clear();
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == context.Message.DeliveryId, cancellationToken);
        if (delivery is null or { Status: DeliveryStatus.Delivered or DeliveryStatus.Failed })
        {
            return;
        }

        var now = time.GetUtcNow();
        var busyUntil = delivery.UpdatedAt + settings.CallTimeout + TimeSpan.FromSeconds(30);
        if (delivery.Status == DeliveryStatus.Attempting && now < busyUntil)
        {
            // Another replica is calling right now: look again when its call must be over.
            await db.InTransactionAsync(() => Task.FromResult(db.Outbox.Schedule(context.Message, busyUntil, RetryKey(delivery.Id))), cancellationToken);
            return;
        }

        if (delivery.Status == DeliveryStatus.Pending && delivery.NextAttemptAt is { } due && due > now + TimeSpan.FromSeconds(1))
        {
            await db.InTransactionAsync(() => Task.FromResult(db.Outbox.Schedule(context.Message, due, RetryKey(delivery.Id))), cancellationToken);
            return;
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == delivery.PersonId, cancellationToken);
        var method = await db.ContactMethods.AsNoTracking().FirstOrDefaultAsync(m => m.Id == delivery.ContactMethodId, cancellationToken);
        var page = delivery.PageId is { } pageId ? await db.Pages.FirstOrDefaultAsync(p => p.Id == pageId, cancellationToken) : null;
        var escalation = delivery.EscalationId is { } escalationId ? await db.Escalations.FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken) : null;

        DeliveryOutcome outcome;
        if (person is null || method is null)
        {
            outcome = DeliveryOutcome.Refused("the person or contact method was removed");
        }
        else if (transports.FirstOrDefault(t => t.Kind == method.Kind) is not { } transport)
        {
            outcome = DeliveryOutcome.Refused($"no transport for '{method.Kind}'");
        }
        else
        {
            // Written before the call: from here a crash leaves "attempting", never silence.
            delivery.Status = DeliveryStatus.Attempting;
            delivery.Attempts++;
            delivery.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);

            var (ackUrl, ackExpires) = delivery.Purpose == Purposes.Page && page is not null
                ? links.Create(page.Id, person.Id)
                : ((Uri?)null, (DateTimeOffset?)null);
            var outbound = new Outbound(delivery, person, method, secrets.Unprotect(method.Secrets), escalation, page, ackUrl, ackExpires);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.CallTimeout);
            try
            {
                outcome = await transport.SendAsync(outbound, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                outcome = DeliveryOutcome.Retry($"no answer within {settings.CallTimeout.TotalSeconds:F0} s");
            }
        }

        await db.InTransactionAsync(() => RecordAsync(delivery, page, escalation, outcome, cancellationToken), cancellationToken);
    }

    private async Task<bool> RecordAsync(Delivery delivery, Page? page, Escalation? escalation, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        delivery.UpdatedAt = now;
        switch (outcome.Kind)
        {
            case DeliveryOutcomeKind.Delivered:
                delivery.Status = DeliveryStatus.Delivered;
                delivery.DeliveredAt = now;
                delivery.LastError = null;
                delivery.NextAttemptAt = null;
                if (delivery.Purpose == Purposes.Page && page is not null && page.Status != PageStatus.Sent)
                {
                    page.Status = PageStatus.Sent;
                    page.DeliveredAt = now;
                    db.Outbox.Publish(new PageSent(page.Id, page.Reason, page.SubjectId, page.IncidentId, page.Recipient, now));
                }

                LogDelivered(delivery.Id, delivery.Purpose, delivery.Target);
                return true;
            case DeliveryOutcomeKind.Retry when delivery.Attempts < settings.MaxAttempts:
                var delay = Backoff(settings, delivery.Attempts, outcome.RetryAfter);
                delivery.Status = DeliveryStatus.Pending;
                delivery.LastError = Truncate(outcome.Error);
                delivery.NextAttemptAt = now + delay;
                db.Outbox.Schedule(new DeliverPage(delivery.Id), delivery.NextAttemptAt.Value, RetryKey(delivery.Id));
                LogRetrying(delivery.Id, delivery.Target, delay, outcome.Error);
                return true;
            default:
                delivery.Status = DeliveryStatus.Failed;
                delivery.NextAttemptAt = null;
                delivery.LastError = Truncate(outcome.Kind == DeliveryOutcomeKind.Retry ? $"gave up after {delivery.Attempts} attempts: {outcome.Error}" : outcome.Error);
                LogFailed(delivery.Id, delivery.Purpose, delivery.Target, delivery.LastError);
                if (escalation is not null)
                {
                    db.EscalationEvents.Add(new EscalationEvent
                    {
                        EscalationId = escalation.Id,
                        At = now,
                        Kind = "delivery-failed",
                        Level = page?.Level ?? escalation.Level + 1,
                        Detail = $"{delivery.Purpose} to {page?.Recipient} by {delivery.Target}: {delivery.LastError}",
                    });
                }

                if (delivery.Purpose == Purposes.Page && page is not null)
                {
                    await PageFailedIfNoWayLeftAsync(page, escalation, cancellationToken);
                }

                return true;
        }
    }

    /// <summary>Every contact method of the page failed: the page is undeliverable (an alert), and its level may be over.</summary>
    private async Task PageFailedIfNoWayLeftAsync(Page page, Escalation? escalation, CancellationToken cancellationToken)
    {
        var others = await db.Deliveries.Where(d => d.PageId == page.Id && d.Purpose == Purposes.Page).ToListAsync(cancellationToken);
        if (page.Status == PageStatus.Sent || others.Any(d => d.Status != DeliveryStatus.Failed))
        {
            return;
        }

        page.Status = PageStatus.Failed;
        var errors = string.Join("; ", others.Select(d => $"{d.Target}: {d.LastError}"));
        db.Outbox.Publish(new PageDeliveryFailed(page.Id, page.Reason, page.SubjectId, page.IncidentId,
            $"{page.Recipient} ({string.Join(", ", others.Select(d => d.Target))})", Truncate(errors)!, time.GetUtcNow()));
        if (escalation is not null && page.Step == escalation.Step)
        {
            await engine.StepUndeliverableAsync(escalation, cancellationToken);
        }
    }

    /// <summary>Exponential from RetryBase, capped, with jitter; never sooner than the pager asked.</summary>
    internal static TimeSpan Backoff(OnCallOptions settings, int attempts, TimeSpan? retryAfter)
    {
        var exponential = settings.RetryBase * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = exponential > settings.RetryCap ? settings.RetryCap : exponential;
        var jittered = capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }

    private static string RetryKey(Guid deliveryId) => $"delivery-{deliveryId:N}";

    private static string? Truncate(string? value) => value is { Length: > 2000 } ? value[..2000] : value;

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery {DeliveryId} ({Purpose}) delivered by {Target}")]
    private partial void LogDelivered(Guid deliveryId, string purpose, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} by {Target}: retrying in {Delay} ({Error})")]
    private partial void LogRetrying(Guid deliveryId, string target, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {DeliveryId} ({Purpose}) by {Target} failed: {Error}")]
    private partial void LogFailed(Guid deliveryId, string purpose, string target, string? error);
}
