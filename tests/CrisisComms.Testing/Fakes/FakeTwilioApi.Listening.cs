using System.Globalization;
using System.Text.Json;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>
/// Texts people send to the organisation's number: kept in the message list (direction inbound, as
/// Twilio's list shows them) and delivered to the incoming-message webhook as Twilio posts it — form fields
/// as Twilio's docs list them, X-Twilio-Signature and I-Twilio-Idempotency-Token headers.
/// </summary>
public sealed partial class FakeTwilioApi
{
    private static readonly Lazy<HashSet<string>> ListParameters = new(LoadListParameters);

    /// <summary>Someone texts <paramref name="to"/>; the message is in the list at once (delivered to a webhook only when sent).</summary>
    public FakeSms Receive(string from, string to, string body, DateTimeOffset? at = null)
    {
        var message = new FakeSms("SM" + Guid.NewGuid().ToString("N"), to, from, body, null, at ?? DateTimeOffset.UtcNow) { Status = "received", Direction = "inbound" };
        _messages[message.Sid] = message;
        return message;
    }

    /// <summary>Twilio's incoming-message webhook for <paramref name="message"/>, signed over <paramref name="url"/> (as configured in Twilio).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string url, FakeSms message, HttpClient? client = null, string? signatureOverride = null, string? idempotencyToken = null, IDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["Body"] = message.Body,
            ["From"] = message.From,
            ["FromCountry"] = "GB",
            ["MessageSid"] = message.Sid,
            ["NumMedia"] = "0",
            ["NumSegments"] = "1",
            ["SmsMessageSid"] = message.Sid,
            ["SmsSid"] = message.Sid,
            ["SmsStatus"] = "received",
            ["To"] = message.To,
            ["ToCountry"] = "GB",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            form[key] = value;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signatureOverride ?? Sign(url, form));
        request.Headers.Add("I-Twilio-Idempotency-Token", idempotencyToken ?? Guid.NewGuid().ToString());
        return await (client ?? Callbacks).SendAsync(request);
    }

    private void CheckListParameters(IQueryCollection query)
    {
        foreach (var name in query.Keys.Where(k => !ListParameters.Value.Contains(k)))
        {
            Violation($"GET Messages.json: '{name}' is not a parameter of this endpoint in the spec");
        }
    }

    private static HashSet<string> LoadListParameters()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "twilio", "twilio_api_v2010.json")));
        return doc.RootElement.GetProperty("paths").GetProperty("/2010-04-01/Accounts/{AccountSid}/Messages.json").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
