using System.Net.Http.Headers;
using System.Text.Json;
using CrisisComms.OnCall.People;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Signatures;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>
/// Our generic signed JSON webhook: <c>CrisisComms-Signature: t=…,v1=…</c> (HMAC-SHA256 over timestamp
/// and body, one v1 per secret while a rotation is under way) and an <c>Idempotency-Key</c> (the delivery
/// id) so a receiver can drop a retry. A page carries a signed acknowledge link.
/// </summary>
internal sealed class WebhookTransport(HttpClient http, TimeProvider time) : IPagerTransport
{
    public string Kind => ContactKinds.Webhook;

    public async Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(outbound.Method.Address, UriKind.Absolute, out var url))
        {
            return DeliveryOutcome.Refused("webhook: no URL");
        }

        if (outbound.Secrets.Secrets.Count == 0)
        {
            // Never unsigned: the receiver could not tell us from anyone else.
            return DeliveryOutcome.Refused("webhook: no signing secret");
        }

        var d = outbound.Delivery;
        var e = outbound.Escalation;
        var now = time.GetUtcNow();
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = d.Purpose switch
            {
                Purposes.Acknowledge => "page.acknowledged",
                Purposes.Resolve => "page.resolved",
                Purposes.HandoverReminder => "handover.reminder",
                Purposes.HandoverSummary => "handover.summary",
                _ => "page.triggered",
            },
            id = d.Id,
            pageId = outbound.Page?.Id,
            escalationId = e?.Id,
            reason = e?.Reason,
            subject = e?.SubjectKey,
            subjectId = e?.SubjectId,
            incidentId = e?.IncidentId,
            severity = e?.Severity,
            level = outbound.Page?.Level,
            recipient = outbound.Person.Name,
            title = d.Title,
            text = d.Body,
            acknowledgeUrl = outbound.AcknowledgeUrl,
            acknowledgeUrlExpiresAt = outbound.AcknowledgeUrlExpiresAt,
            sentAt = now,
        }, MessageTypes.Json);

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(body, now, outbound.Secrets.Secrets));
            request.Headers.Add("Idempotency-Key", d.Id.ToString("N"));
            using var response = await http.SendAsync(request, cancellationToken);
            return await HttpDelivery.JudgeAsync(response, time, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
        {
            return HttpDelivery.FromException(ex, cancellationToken);
        }
    }
}
