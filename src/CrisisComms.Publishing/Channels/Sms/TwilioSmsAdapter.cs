using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Publishing.Recipients;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Channels.Sms;

/// <summary>
/// SMS to subscriber groups through Twilio's Messages API (form-encoded, Basic auth with the account
/// SID and auth token). Each recipient's copy is recorded before it is sent, so a retry or a crash
/// sends nobody a second text; delivery is reported per recipient by Twilio's status callbacks.
/// </summary>
/// <remarks>
/// Settings: <c>baseUrl</c> (https://api.twilio.com), <c>accountSid</c>, <c>from</c> or
/// <c>messagingServiceSid</c>, <c>statusCallback</c> (our public callback URL), <c>groups</c> (comma list).
/// Credentials: <c>authToken</c>.
/// </remarks>
internal sealed class TwilioSmsAdapter(HttpClient http, PublishingDbContext db, TimeProvider time) : IChannelAdapter
{
    public string Channel => ChannelNames.Sms;

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        // A reply goes to the one person who wrote; a post to the subscriber groups.
        IReadOnlyList<string> recipients = post.Recipient is { Length: > 0 } one ? [one] : await RecipientsAsync(call, cancellationToken);
        if (recipients.Count == 0)
        {
            return ChannelOutcome.Refused($"sms: no subscribers in groups {call.Setting("groups", "all")}");
        }

        var deliveries = await db.SmsDeliveries.Where(d => d.PostId == post.PostId).ToDictionaryAsync(d => d.Recipient, cancellationToken);
        var sent = deliveries.Values.Count(d => d.MessageSid is not null || d.Status == "failed");
        foreach (var to in recipients)
        {
            if (deliveries.TryGetValue(to, out var delivery) && (delivery.MessageSid is not null || delivery.Status == "failed"))
            {
                continue;
            }

            if (delivery is { Status: "attempted" })
            {
                // Sent before a crash, or not? Twilio's list says.
                var found = await FindAsync(post, to, call, delivery.UpdatedAt, cancellationToken);
                if (found.Found is null)
                {
                    return ChannelOutcome.Unknown($"sms to {Mask(to)}: {found.Detail}");
                }

                if (found.Found == true)
                {
                    delivery.MessageSid = found.ChannelPostId;
                    delivery.Status = "queued";
                    await db.SaveChangesAsync(cancellationToken);
                    sent++;
                    continue;
                }
            }

            if (delivery is null)
            {
                delivery = new SmsDelivery { PostId = post.PostId, IncidentId = post.IncidentId, Recipient = to, Status = "attempted" };
                db.SmsDeliveries.Add(delivery);
            }

            delivery.Status = "attempted";
            delivery.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);

            var outcome = await SendAsync(post, to, call, cancellationToken);
            delivery.UpdatedAt = time.GetUtcNow();
            switch (outcome.Kind)
            {
                case OutcomeKind.Published:
                    delivery.MessageSid = outcome.ChannelPostId;
                    delivery.Status = "queued";
                    sent++;
                    break;
                case OutcomeKind.Refused when outcome.Error?.Contains("21211", StringComparison.Ordinal) == true || outcome.Error?.Contains("21614", StringComparison.Ordinal) == true:
                    // This number is invalid or cannot receive SMS: the others still get the message.
                    delivery.Status = "failed";
                    delivery.ErrorCode = outcome.Error;
                    sent++;
                    break;
                default:
                    if (outcome.Kind != OutcomeKind.Unknown)
                    {
                        db.SmsDeliveries.Remove(delivery);
                    }

                    await db.SaveChangesAsync(cancellationToken);
                    return outcome;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return ChannelOutcome.Posted($"{sent} texts", null);
    }

    /// <summary>Recipients in doubt are settled one by one inside <see cref="PublishAsync"/>; the post as a whole is "not found" so it resumes.</summary>
    public Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup.No);

    public Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken) =>
        Task.FromResult(ChannelOutcome.Refused($"{Channel}: {ChannelNames.WhyNotWithdrawable(Channel)}"));

    private async Task<ChannelOutcome> SendAsync(ChannelPost post, string to, ChannelCall call, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["To"] = to, ["Body"] = post.Text };
        if (call.Settings.TryGetProperty("messagingServiceSid", out var service) && service.GetString() is { Length: > 0 } serviceSid)
        {
            form["MessagingServiceSid"] = serviceSid;
        }
        else
        {
            form["From"] = call.Setting("from");
        }

        if (call.Settings.TryGetProperty("statusCallback", out var callback) && callback.GetString() is { Length: > 0 } callbackUrl)
        {
            form["StatusCallback"] = callbackUrl;
        }

        try
        {
            using var request = Request(HttpMethod.Post, $"2010-04-01/Accounts/{call.Setting("accountSid")}/Messages.json", call);
            request.Content = new FormUrlEncodedContent(form);
            using var response = await http.SendAsync(request, cancellationToken);
            var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            using var doc = JsonDocument.Parse(body);
            return ChannelOutcome.Posted(doc.RootElement.GetProperty("sid").GetString()!, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException or ChannelConfigurationException)
        {
            return HttpOutcomes.FromException(e, cancellationToken);
        }
    }

    private async Task<Lookup> FindAsync(ChannelPost post, string to, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var url = string.Create(CultureInfo.InvariantCulture,
            $"2010-04-01/Accounts/{call.Setting("accountSid")}/Messages.json?To={Uri.EscapeDataString(to)}&DateSent%3E={since.AddDays(-1):yyyy-MM-dd}&PageSize=50");
        try
        {
            using var request = Request(HttpMethod.Get, url, call);
            using var response = await http.SendAsync(request, cancellationToken);
            var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
            if (failure is not null)
            {
                return Lookup.CannotTell(failure.Error!);
            }

            using var doc = JsonDocument.Parse(body);
            foreach (var message in doc.RootElement.GetProperty("messages").EnumerateArray())
            {
                if (message.GetProperty("body").GetString() == post.Text)
                {
                    return Lookup.Yes(message.GetProperty("sid").GetString()!, null);
                }
            }

            return Lookup.No;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException or KeyNotFoundException)
        {
            return Lookup.CannotTell(e.Message);
        }
    }

    private async Task<List<string>> RecipientsAsync(ChannelCall call, CancellationToken cancellationToken)
    {
        var groups = call.Setting("groups", "all").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return await db.Recipients.AsNoTracking()
            .Where(r => r.Channel == ChannelNames.Sms && groups.Contains(r.Group))
            .Select(r => r.Address).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    private static HttpRequestMessage Request(HttpMethod method, string relative, ChannelCall call)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(call.Setting("baseUrl", "https://api.twilio.com").TrimEnd('/') + "/"), relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{call.Setting("accountSid")}:{call.Secret("authToken")}")));
        return request;
    }

    private static string? ErrorText(JsonElement error) =>
        error.TryGetProperty("message", out var message)
            ? error.TryGetProperty("code", out var code) ? $"{message.GetString()} (code {code})" : message.GetString()
            : null;

    // Phone numbers are personal data: logs and errors show only the last three digits.
    private static string Mask(string number) => number.Length > 3 ? new string('•', number.Length - 3) + number[^3..] : number;
}
