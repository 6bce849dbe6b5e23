using System.Collections.Concurrent;
using System.Text.Json;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

public sealed record FakeTelegramMessage(long MessageId, string ChatId, string Text, string? ParseMode, long? ReplyTo);

/// <summary>
/// Telegram's Bot API sendMessage and deleteMessage. Field names, required fields and JSON types are checked against the
/// published method description (../shared/specs/telegram/PaulSonOfLars-telegram-bot-api-spec/api.json).
/// Answers as Telegram does: {"ok":true,"result":{…}} or {"ok":false,"error_code":…,"description":…}.
/// </summary>
public sealed partial class FakeTelegramApi : FakeApi
{
    private static readonly ConcurrentDictionary<string, IReadOnlyList<(string Name, string[] Types, bool Required)>> Methods = new();
    private readonly ConcurrentQueue<FakeTelegramMessage> _messages = new();
    private readonly ConcurrentDictionary<long, bool> _deleted = new();
    private long _next;

    private FakeTelegramApi()
    {
    }

    public string BotToken { get; init; } = "123456:TEST-token";

    /// <summary>Messages still in the channel.</summary>
    public IReadOnlyList<FakeTelegramMessage> Messages => [.. _messages.Where(m => !_deleted.ContainsKey(m.MessageId))];

    public int Deletions => _deleted.Count;

    public static async Task<FakeTelegramApi> StartAsync(Action<FakeTelegramApi>? configure = null)
    {
        var fake = new FakeTelegramApi();
        configure?.Invoke(fake);
        await fake.StartServerAsync();
        return fake;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/bot{token}/sendMessage", SendAsync);
        app.MapPost("/bot{token}/deleteMessage", DeleteAsync);
        app.MapPost("/bot{token}/getUpdates", GetUpdatesAsync);
    }

    private async Task<IResult> SendAsync(HttpContext context, string token)
    {
        if (await CheckAsync(context, token, "sendMessage") is { Problem: { } problem })
        {
            return problem;
        }

        using var body = JsonDocument.Parse((string)context.Items["body"]!);
        var root = body.RootElement;
        long? replyTo = root.TryGetProperty("reply_parameters", out var reply) && reply.TryGetProperty("message_id", out var mid) ? mid.GetInt64() : null;
        var message = new FakeTelegramMessage(Interlocked.Increment(ref _next), root.GetProperty("chat_id").ToString(), root.GetProperty("text").GetString()!, root.TryGetProperty("parse_mode", out var mode) ? mode.GetString() : null, replyTo);
        _messages.Enqueue(message);
        return Answer(context, Results.Json(new { ok = true, result = new { message_id = message.MessageId, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat = new { id = -1001234567890, type = "channel" }, text = message.Text } }));
    }

    private async Task<IResult> DeleteAsync(HttpContext context, string token)
    {
        if (await CheckAsync(context, token, "deleteMessage") is { Problem: { } problem })
        {
            return problem;
        }

        using var body = JsonDocument.Parse((string)context.Items["body"]!);
        var id = body.RootElement.GetProperty("message_id").GetInt64();
        return _messages.Any(m => m.MessageId == id) && _deleted.TryAdd(id, true)
            ? Answer(context, Results.Json(new { ok = true, result = true }))
            : Results.Json(new { ok = false, error_code = 400, description = "Bad Request: message to delete not found" }, statusCode: 400);
    }

    /// <summary>Token, injected faults, and the body's fields against the method's published description.</summary>
    private async Task<(IResult? Problem, bool Ok)> CheckAsync(HttpContext context, string token, string method)
    {
        if (token != BotToken)
        {
            return (Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401), false);
        }

        if (Fault(context, reset => Results.Json(new { ok = false, error_code = 429, description = $"Too Many Requests: retry after {(int)reset.TotalSeconds}", parameters = new { retry_after = (int)reset.TotalSeconds } }, statusCode: 429)) is { } fault)
        {
            return (fault, false);
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync();
        context.Items["body"] = text;
        using var body = JsonDocument.Parse(text);
        var fields = Methods.GetOrAdd(method, LoadSpec);
        foreach (var property in body.RootElement.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Name);
            if (field.Name is null)
            {
                Violation($"{method}: unknown field '{property.Name}'");
            }
            else if (!Fits(property.Value, field.Types))
            {
                Violation($"{method}: '{property.Name}' is {property.Value.ValueKind}, expected {string.Join(" or ", field.Types)}");
            }
        }

        foreach (var missing in fields.Where(f => f.Required && !body.RootElement.TryGetProperty(f.Name, out _)))
        {
            Violation($"{method}: required field '{missing.Name}' is missing");
            return (Results.Json(new { ok = false, error_code = 400, description = $"Bad Request: {missing.Name} is empty" }, statusCode: 400), false);
        }

        return (null, true);
    }

    private static bool Fits(JsonElement value, string[] types) => types.Any(t => t switch
    {
        "String" => value.ValueKind == JsonValueKind.String,
        "Integer" => value.ValueKind == JsonValueKind.Number,
        "Boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ when t.StartsWith("Array of", StringComparison.Ordinal) => value.ValueKind == JsonValueKind.Array,
        _ => value.ValueKind == JsonValueKind.Object,
    });

    private static IReadOnlyList<(string, string[], bool)> LoadSpec(string method)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "telegram", "PaulSonOfLars-telegram-bot-api-spec", "api.json")));
        return doc.RootElement.GetProperty("methods").GetProperty(method).GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToArray(), f.GetProperty("required").GetBoolean()))
            .ToList();
    }
}
