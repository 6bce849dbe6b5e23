using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

public sealed record FakeSms(string Sid, string To, string From, string Body, string? StatusCallback, DateTimeOffset DateCreated)
{
    public string Status { get; set; } = "queued";

    /// <summary>outbound-api for what we sent; inbound for texts people sent to our number.</summary>
    public string Direction { get; init; } = "outbound-api";
}

/// <summary>
/// Twilio's Messages API (2010-04-01): form-encoded POST with Basic auth, the message list, and status
/// callbacks signed as Twilio signs them (X-Twilio-Signature: HMAC-SHA1 over the URL and the sorted
/// form). The signature is computed here independently of the production validator.
/// </summary>
public sealed partial class FakeTwilioApi : FakeApi
{
    private readonly ConcurrentDictionary<string, FakeSms> _messages = new();
    private static readonly HttpClient Callbacks = new();

    private FakeTwilioApi()
    {
    }

    public string AccountSid { get; init; } = "AC" + new string('a', 32);

    public string AuthToken { get; init; } = "test-auth-token";

    public IReadOnlyList<FakeSms> Messages => _messages.Values.OrderBy(m => m.DateCreated).ToList();

    /// <summary>Numbers Twilio refuses as invalid (error 21211).</summary>
    public HashSet<string> InvalidNumbers { get; } = [];

    public static async Task<FakeTwilioApi> StartAsync(Action<FakeTwilioApi>? configure = null)
    {
        var fake = new FakeTwilioApi();
        configure?.Invoke(fake);
        await fake.StartServerAsync();
        return fake;
    }

    /// <summary>Reports a delivery status for a message to its StatusCallback, signed with the auth token.</summary>
    public async Task<HttpResponseMessage> ReportAsync(FakeSms message, string status, string? errorCode = null, string? signatureOverride = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Status = status;
        var form = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccountSid"] = AccountSid,
            ["From"] = message.From,
            ["MessageSid"] = message.Sid,
            ["MessageStatus"] = status,
            ["SmsSid"] = message.Sid,
            ["SmsStatus"] = status,
            ["To"] = message.To,
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, message.StatusCallback) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signatureOverride ?? Sign(message.StatusCallback!, form));
        return await Callbacks.SendAsync(request);
    }

    public string Sign(string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(AuthToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", CreateAsync);
        app.MapGet("/2010-04-01/Accounts/{sid}/Messages.json", List);
    }

    private async Task<IResult> CreateAsync(HttpContext context, string sid)
    {
        if (Unauthorised(context, sid) is { } denied)
        {
            return denied;
        }

        if (!context.Request.HasFormContentType)
        {
            Violation("Messages.json: not form-encoded");
            return Error(415, 20001, "Unsupported Media Type");
        }

        if (Fault(context, _ => Error(429, 20429, "Too Many Requests")) is { } fault)
        {
            return fault;
        }

        var form = await context.Request.ReadFormAsync();
        foreach (var key in form.Keys.Where(k => k is not ("To" or "From" or "MessagingServiceSid" or "Body" or "StatusCallback" or "MediaUrl" or "ValidityPeriod" or "ShortenUrls" or "Attempt")))
        {
            Violation($"Messages.json: unexpected parameter '{key}'");
        }

        var to = form["To"].ToString();
        if (string.IsNullOrEmpty(to) || (string.IsNullOrEmpty(form["From"]) && string.IsNullOrEmpty(form["MessagingServiceSid"])))
        {
            Violation("Messages.json: To and From (or MessagingServiceSid) are required");
            return Error(400, 21604, "A 'To' phone number is required.");
        }

        if (InvalidNumbers.Contains(to))
        {
            return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
        }

        var message = new FakeSms("SM" + Guid.NewGuid().ToString("N"), to, form["From"].ToString(), form["Body"].ToString(), form["StatusCallback"].ToString() is { Length: > 0 } callback ? callback : null, DateTimeOffset.UtcNow);
        _messages[message.Sid] = message;
        return Answer(context, Results.Json(new
        {
            sid = message.Sid,
            account_sid = AccountSid,
            to = message.To,
            from = message.From,
            body = message.Body,
            status = "queued",
            date_created = message.DateCreated.ToString("r", CultureInfo.InvariantCulture),
            uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{message.Sid}.json",
        }, statusCode: 201));
    }

    private IResult List(HttpContext context, string sid, string? To)
    {
        if (Unauthorised(context, sid) is { } denied)
        {
            return denied;
        }

        CheckListParameters(context.Request.Query);
        var after = context.Request.Query["DateSent>"].ToString() is { Length: > 0 } day ? DateTimeOffset.Parse(day, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : (DateTimeOffset?)null;
        var pageSize = int.TryParse(context.Request.Query["PageSize"], CultureInfo.InvariantCulture, out var size) ? size : 50;
        var page = int.TryParse(context.Request.Query["Page"], CultureInfo.InvariantCulture, out var p) ? p : 0;
        var all = _messages.Values.Where(m => To is null || m.To == To).Where(m => after is null || m.DateCreated >= after).OrderByDescending(m => m.DateCreated).ToList();
        var messages = all.Skip(page * pageSize).Take(pageSize)
            .Select(m => new { sid = m.Sid, to = m.To, from = m.From, body = m.Body, status = m.Status, direction = m.Direction, num_media = "0", date_sent = m.DateCreated.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture) });
        var next = (page + 1) * pageSize < all.Count
            ? $"/2010-04-01/Accounts/{sid}/Messages.json?{string.Join('&', context.Request.Query.Where(q => q.Key != "Page").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"))}&Page={page + 1}"
            : null;
        return Results.Json(new { messages, page, page_size = pageSize, next_page_uri = next });
    }

    private IResult? Unauthorised(HttpContext context, string sid)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        return sid == AccountSid && context.Request.Headers.Authorization == expected ? null : Error(401, 20003, "Authenticate");
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }, statusCode: status);
}
