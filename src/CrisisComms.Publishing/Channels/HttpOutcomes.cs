using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace CrisisComms.Publishing.Channels;

/// <summary>
/// How an HTTP channel's answer is judged, the same way for every channel: what may be retried (and
/// when, honouring Retry-After, X's x-rate-limit-reset and Meta's usage headers), what is refused for
/// good (with the channel's own error text), and what leaves the outcome unknown.
/// </summary>
internal static class HttpOutcomes
{
    public static async Task<(ChannelOutcome? Failure, string Body)> CheckAsync(HttpResponseMessage response, Func<JsonElement, string?> errorText, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return (null, body);
        }

        var text = $"{(int)response.StatusCode} {ErrorText(body, errorText) ?? response.ReasonPhrase}";
        var status = (int)response.StatusCode;
        if (status == 429)
        {
            return (ChannelOutcome.Retry(text, RetryAfter(response, time), rateLimited: true), body);
        }

        if (status is 408 or 425 or >= 500)
        {
            return (ChannelOutcome.Retry(text, RetryAfter(response, time)), body);
        }

        return (ChannelOutcome.Refused(text), body);
    }

    /// <summary>
    /// A call that threw: refused connections never reached the channel (retry); a timeout or a
    /// connection lost mid-way may have (unknown: look it up first).
    /// </summary>
    public static ChannelOutcome FromException(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => throw e,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable } } http =>
            ChannelOutcome.Retry($"could not connect: {http.Message}"),
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } http =>
            ChannelOutcome.Retry($"could not connect: {http.Message}"),
        TaskCanceledException or TimeoutException => ChannelOutcome.Unknown("no answer in time: the channel may have taken it"),
        HttpRequestException http => ChannelOutcome.Unknown($"connection lost: {http.Message}"),
        IOException io => ChannelOutcome.Unknown($"connection lost: {io.Message}"),
        ChannelConfigurationException config => ChannelOutcome.Refused(config.Message),
        _ => throw e,
    };

    /// <summary>When the channel says to try again: Retry-After, x-rate-limit-reset (X), or Meta's usage headers.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - time.GetUtcNow() : null);
        }

        if (response.Headers.TryGetValues("x-rate-limit-reset", out var reset)
            && long.TryParse(reset.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch) - time.GetUtcNow();
        }

        foreach (var header in new[] { "x-business-use-case-usage", "x-page-usage", "x-app-usage" })
        {
            if (response.Headers.TryGetValues(header, out var values) && MetaRegainAccess(values.FirstOrDefault()) is { } wait)
            {
                return wait;
            }
        }

        return null;
    }

    /// <summary>Meta: {"…":[{"estimated_time_to_regain_access":5}]} (minutes) or call_count/total_time at 100 (per cent).</summary>
    private static TimeSpan? MetaRegainAccess(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(header);
            var usages = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("call_count", out _)
                ? [doc.RootElement]
                : doc.RootElement.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToList() : [p.Value]).ToList();
            foreach (var usage in usages)
            {
                if (usage.TryGetProperty("estimated_time_to_regain_access", out var minutes) && minutes.TryGetInt32(out var m) && m > 0)
                {
                    return TimeSpan.FromMinutes(m);
                }

                if (usage.TryGetProperty("call_count", out var calls) && calls.TryGetInt32(out var percent) && percent >= 100)
                {
                    return TimeSpan.FromMinutes(5);
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string? ErrorText(string body, Func<JsonElement, string?> errorText)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return errorText(doc.RootElement);
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
