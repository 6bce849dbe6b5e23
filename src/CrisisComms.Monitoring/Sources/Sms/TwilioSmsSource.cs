using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Platform.Signatures;
using CrisisComms.Platform.State;
using Microsoft.AspNetCore.WebUtilities;

namespace CrisisComms.Monitoring.Sources.Sms;

/// <summary>Where the message-list backfill got to (inbound messages sent at or after this).</summary>
internal sealed record SmsCursor(DateTimeOffset Since);

/// <summary>
/// Texts to the organisation's number through Twilio: pushed by Twilio's webhook (checked with
/// <c>X-Twilio-Signature</c> over our public URL and the form), and read back from Twilio's message list
/// every few minutes so a text that arrived while the webhook was unreachable is not lost.
/// </summary>
/// <remarks>
/// Settings: <c>baseUrl</c> (https://api.twilio.com), <c>accountSid</c>, <c>number</c> (ours, E.164),
/// <c>webhookUrl</c> (the public URL Twilio posts to: what it signs). Credentials: <c>authToken</c>.
/// </remarks>
internal sealed class TwilioSmsSource(IHttpClientFactory http, TimeProvider time) : MentionSource
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);
    private const int MaxPages = 20;

    public override string Type => SourceTypes.Sms;

    public override string Channel => "sms";

    public override WebhookReading Receive(SourceAccountView account, WebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(request);
        var token = account.SecretOrNull("authToken");
        var url = account.Setting("webhookUrl");
        if (token is null || url is null)
        {
            return WebhookReading.Refused(WebhookOutcome.NotConfigured, "sms: credential 'authToken' and setting 'webhookUrl' are required");
        }

        if (request.ContentType is null || !request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookReading.Refused(WebhookOutcome.Malformed, "not a form-encoded body");
        }

        List<KeyValuePair<string, string>> form;
        try
        {
            // The raw body is decoded once, here; the signature is checked over exactly these pairs.
            form = new FormReader(Encoding.UTF8.GetString(request.Body)).ReadForm()
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty))).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException or ArgumentException)
        {
            return WebhookReading.Refused(WebhookOutcome.Malformed, $"form not readable: {e.Message}");
        }

        if (!TwilioSignature.IsValid(token, url, form, request.Headers[TwilioSignature.HeaderName].ToString()))
        {
            return WebhookReading.Refused(WebhookOutcome.BadSignature, $"{TwilioSignature.HeaderName} does not match this account");
        }

        string? Field(string name) => form.FirstOrDefault(p => p.Key == name).Value;
        if (account.Setting("accountSid") is { Length: > 0 } sid && Field("AccountSid") != sid)
        {
            return WebhookReading.Refused(WebhookOutcome.Malformed, "AccountSid is not this account's");
        }

        var messageSid = Field("MessageSid") ?? Field("SmsSid");
        var from = Field("From");
        if (string.IsNullOrEmpty(messageSid) || string.IsNullOrEmpty(from))
        {
            return WebhookReading.Refused(WebhookOutcome.Malformed, "MessageSid and From are required");
        }

        // Twilio's idempotency token names the delivery (a retry carries it again); the message sid otherwise.
        var deliveryId = request.Headers["I-Twilio-Idempotency-Token"].ToString() is { Length: > 0 } idempotency ? idempotency : messageSid;
        var text = Text(Field("Body"), Field("NumMedia"));
        return WebhookReading.Read(deliveryId, [Mention(messageSid, from, text, default)], []);
    }

    public override async Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var account = poll.Account;
        var sid = account.RequiredSetting("accountSid");
        var number = account.RequiredSetting("number");
        var token = account.Secret("authToken");
        var cursor = poll.Cursor is { Length: > 0 } json ? JsonSerializer.Deserialize<SmsCursor>(json, SourceJson.Options)! : new SmsCursor(poll.Now - poll.FirstPollLookback);
        var since = cursor.Since - Overlap;
        var started = poll.Now;
        var baseUrl = account.BaseUrl("https://api.twilio.com");
        var policy = TokenBucketPolicy.PerWindow(account.Number("requestsPerWindow", 100, 1, 1_000_000), TimeSpan.FromMinutes(account.Number("windowMinutes", 1, 1, 1440)));
        var items = new List<CapturedMention>();
        var rejected = new List<SourceRejection>();
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sid}:{token}")));
        Uri? next = new(baseUrl, string.Create(CultureInfo.InvariantCulture,
            $"2010-04-01/Accounts/{Uri.EscapeDataString(sid)}/Messages.json?To={Uri.EscapeDataString(number)}&{Uri.EscapeDataString("DateSent>")}={since.UtcDateTime:yyyy-MM-dd}&PageSize=100"));
        for (var page = 0; next is not null && page < MaxPages; page++)
        {
            await poll.Pacer.TakeAsync("messages", policy, cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = basic;
            var body = await SourceHttp.GetStringAsync(http.CreateClient(SourceHttp.ClientName), request, "Twilio messages", poll.CallTimeout, time, e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) ? m.GetString() : null, cancellationToken);
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array)
            {
                throw new SourceException("Twilio answered without a messages list");
            }

            foreach (var message in messages.EnumerateArray())
            {
                var messageSid = Str(message, "sid");
                if (Str(message, "direction") != "inbound")
                {
                    continue;
                }

                var sent = Str(message, "date_sent") is { } date && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
                if (messageSid is null || Str(message, "from") is not { } from)
                {
                    rejected.Add(new SourceRejection(messageSid, "message without sid or from"));
                    continue;
                }

                if (sent is { } s && s < since)
                {
                    continue;
                }

                items.Add(Mention(messageSid, from, Text(Str(message, "body"), Str(message, "num_media")), sent ?? default));
            }

            next = Str(doc.RootElement, "next_page_uri") is { Length: > 0 } relative ? new Uri(baseUrl, relative.TrimStart('/')) : null;
        }

        return new SourcePage(items, rejected, JsonSerializer.Serialize(new SmsCursor(started), SourceJson.Options), More: false);
    }

    private static CapturedMention Mention(string sid, string from, string text, DateTimeOffset sent) =>
        new(sid, from, text, sent) { Kind = MentionKinds.Sms, AuthorId = from, ConversationId = from };

    private static string Text(string? body, string? numMedia) =>
        int.TryParse(numMedia, CultureInfo.InvariantCulture, out var media) && media > 0
            ? $"{body}{(string.IsNullOrEmpty(body) ? string.Empty : " ")}[{media} attachment{(media == 1 ? string.Empty : "s")}]"
            : body ?? string.Empty;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
