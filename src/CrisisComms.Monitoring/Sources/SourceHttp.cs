using System.Globalization;
using System.Net;
using System.Text.Json;

namespace CrisisComms.Monitoring.Sources;

/// <summary>
/// How every HTTP source calls its channel: a timeout on each call, a cap on what is read, and one way of
/// judging the answer — 429 waits until the channel's reset (Retry-After, X's x-rate-limit-reset), other
/// failures carry the channel's own words.
/// </summary>
internal static class SourceHttp
{
    public const string ClientName = "monitoring";
    private const int MaxBody = 16 * 1024 * 1024;

    public static async Task<string> GetStringAsync(HttpClient http, HttpRequestMessage request, string what, TimeSpan timeout, TimeProvider time, Func<JsonElement, string?>? errorText, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(http, request, timeout, cancellationToken);
        var body = await ReadAsync(response, timeout, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        throw Failure(response, body, what, time, errorText);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SourceException($"{request.RequestUri?.Host}: no answer within {timeout.TotalSeconds:0} s", inner: e);
        }
    }

    public static async Task<string> ReadAsync(HttpResponseMessage response, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, deadline.Token)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBody)
            {
                throw new SourceException($"the answer is larger than {MaxBody / (1024 * 1024)} MB");
            }
        }

        var charset = response.Content.Headers.ContentType?.CharSet;
        var encoding = charset is null ? System.Text.Encoding.UTF8 : System.Text.Encoding.GetEncoding(charset.Trim('"'));
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The exception for a failed answer: rate limited (with when to try again) or failed (with the channel's words).</summary>
    public static SourceException Failure(HttpResponseMessage response, string body, string what, TimeProvider time, Func<JsonElement, string?>? errorText)
    {
        var status = (int)response.StatusCode;
        var text = $"{what}: {status} {ErrorText(body, errorText) ?? response.ReasonPhrase}";
        var after = RetryAfter(response, body, time);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new SourceRateLimitedException(text, after ?? TimeSpan.FromMinutes(1));
        }

        return new SourceException(text, after);
    }

    /// <summary>When the channel says to try again: Retry-After, x-rate-limit-reset (X), or Telegram's parameters.retry_after.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, string body, TimeProvider time)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? Positive(date - time.GetUtcNow()) : null);
        }

        if (response.Headers.TryGetValues("x-rate-limit-reset", out var reset)
            && long.TryParse(reset.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            return Positive(DateTimeOffset.FromUnixTimeSeconds(epoch) - time.GetUtcNow());
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("parameters", out var parameters)
                && parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty("retry_after", out var seconds) && seconds.TryGetInt32(out var s))
            {
                return TimeSpan.FromSeconds(Math.Max(1, s));
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static TimeSpan Positive(TimeSpan wait) => wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;

    private static string? ErrorText(string body, Func<JsonElement, string?>? errorText)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return errorText?.Invoke(doc.RootElement) ?? (body.Length > 300 ? body[..300] : body);
        }
        catch (JsonException)
        {
            return body.Length > 300 ? body[..300] : body;
        }
    }
}
