using System.Globalization;
using System.Net.Sockets;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.People;

namespace CrisisComms.OnCall.Paging.Transports;

/// <summary>Everything a transport needs for one delivery, secrets decrypted for the call only.</summary>
internal sealed record Outbound(
    Delivery Delivery,
    Person Person,
    ContactMethod Method,
    ContactSecretValues Secrets,
    Escalation? Escalation,
    Page? Page,
    Uri? AcknowledgeUrl,
    DateTimeOffset? AcknowledgeUrlExpiresAt);

internal enum DeliveryOutcomeKind
{
    Delivered,
    Retry,
    Refused,
}

/// <summary>How one call went: delivered; worth retrying (429, 5xx, network), maybe after a given wait; or refused for good (400, bad key…).</summary>
internal sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Delivered { get; } = new(DeliveryOutcomeKind.Delivered);

    public static DeliveryOutcome Retry(string error, TimeSpan? after = null) => new(DeliveryOutcomeKind.Retry, error, after);

    public static DeliveryOutcome Refused(string error) => new(DeliveryOutcomeKind.Refused, error);
}

/// <summary>One way of reaching people: PagerDuty, Opsgenie, a signed webhook, email, the sandbox.</summary>
internal interface IPagerTransport
{
    string Kind { get; }

    Task<DeliveryOutcome> SendAsync(Outbound outbound, CancellationToken cancellationToken);
}

/// <summary>PagerDuty's advice, for every HTTP pager: retry 429, 5xx and network errors with backoff (honouring Retry-After), never 400 or other refusals.</summary>
internal static class HttpDelivery
{
    public static async Task<DeliveryOutcome> JudgeAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return DeliveryOutcome.Delivered;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        var text = $"{status} {(body.Length > 300 ? body[..300] : body).Trim()}".Trim();
        return status is 429 or 408 or 425 or >= 500
            ? DeliveryOutcome.Retry(text, RetryAfter(response, time))
            : DeliveryOutcome.Refused(text);
    }

    public static DeliveryOutcome FromException(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => throw e,
        // The pagers dedupe (dedup_key, alias, Idempotency-Key), so a call that may have landed is safe to repeat.
        HttpRequestException { InnerException: SocketException socket } => DeliveryOutcome.Retry($"network: {socket.SocketErrorCode}"),
        HttpRequestException http => DeliveryOutcome.Retry($"network: {http.HttpRequestError} {http.Message}"),
        TaskCanceledException or TimeoutException => DeliveryOutcome.Retry("no answer in time"),
        IOException io => DeliveryOutcome.Retry($"connection lost: {io.Message}"),
        _ => throw e,
    };

    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        }

        // Opsgenie: X-RateLimit-Period-In-Sec on a throttled answer.
        return response.Headers.TryGetValues("X-RateLimit-Period-In-Sec", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }
}
