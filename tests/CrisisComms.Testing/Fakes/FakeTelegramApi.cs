using System.Collections.Concurrent;
using System.Text.Json;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

public sealed record FakeTelegramMessage(long MessageId, string ChatId, string Text, string? ParseMode, long? ReplyTo);

/// <summary>
/// Telegram's Bot API sendMessage. Field names, required fields and JSON types are checked against the
/// published method description (../shared/specs/telegram/PaulSonOfLars-telegram-bot-api-spec/api.json).
/// Answers as Telegram does: {"ok":true,"result":{…}} or {"ok":false,"error_code":…,"description":…}.
/// </summary>
public sealed class FakeTelegramApi : FakeApi
{
    private static readonly Lazy<IReadOnlyList<(string Name, string[] Types, bool Required)>> SendMessage = new(LoadSpec);
    private readonly ConcurrentQueue<FakeTelegramMessage> _messages = new();
    private long _next;

    private FakeTelegramApi()
    {
    }

    public string BotToken { get; init; } = "123456:TEST-token";

    public IReadOnlyList<FakeTelegramMessage> Messages => [.. _messages];

    public static async Task<FakeTelegramApi> StartAsync(Action<FakeTelegramApi>? configure = null)
    {
        var fake = new FakeTelegramApi();
        configure?.Invoke(fake);
        await fake.StartServerAsync();
        return fake;
    }

    protected override void Map(WebApplication app) => app.MapPost("/bot{token}/sendMessage", SendAsync);

    private async Task<IResult> SendAsync(HttpContext context, string token)
    {
        if (token != BotToken)
        {
            return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
        }

        if (Fault(context, reset => Results.Json(new { ok = false, error_code = 429, description = $"Too Many Requests: retry after {(int)reset.TotalSeconds}", parameters = new { retry_after = (int)reset.TotalSeconds } }, statusCode: 429)) is { } fault)
        {
            return fault;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var fields = SendMessage.Value;
        foreach (var property in body.RootElement.EnumerateObject())
        {
            var field = fields.FirstOrDefault(f => f.Name == property.Name);
            if (field.Name is null)
            {
                Violation($"sendMessage: unknown field '{property.Name}'");
            }
            else if (!Fits(property.Value, field.Types))
            {
                Violation($"sendMessage: '{property.Name}' is {property.Value.ValueKind}, expected {string.Join(" or ", field.Types)}");
            }
        }

        foreach (var missing in fields.Where(f => f.Required && !body.RootElement.TryGetProperty(f.Name, out _)))
        {
            Violation($"sendMessage: required field '{missing.Name}' is missing");
            return Results.Json(new { ok = false, error_code = 400, description = $"Bad Request: {missing.Name} is empty" }, statusCode: 400);
        }

        var root = body.RootElement;
        long? replyTo = root.TryGetProperty("reply_parameters", out var reply) && reply.TryGetProperty("message_id", out var mid) ? mid.GetInt64() : null;
        var message = new FakeTelegramMessage(Interlocked.Increment(ref _next), root.GetProperty("chat_id").ToString(), root.GetProperty("text").GetString()!, root.TryGetProperty("parse_mode", out var mode) ? mode.GetString() : null, replyTo);
        _messages.Enqueue(message);
        return Answer(context, Results.Json(new { ok = true, result = new { message_id = message.MessageId, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat = new { id = -1001234567890, type = "channel" }, text = message.Text } }));
    }

    private static bool Fits(JsonElement value, string[] types) => types.Any(t => t switch
    {
        "String" => value.ValueKind == JsonValueKind.String,
        "Integer" => value.ValueKind == JsonValueKind.Number,
        "Boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        _ when t.StartsWith("Array of", StringComparison.Ordinal) => value.ValueKind == JsonValueKind.Array,
        _ => value.ValueKind == JsonValueKind.Object,
    });

    private static IReadOnlyList<(string, string[], bool)> LoadSpec()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared("specs", "telegram", "PaulSonOfLars-telegram-bot-api-spec", "api.json")));
        return doc.RootElement.GetProperty("methods").GetProperty("sendMessage").GetProperty("fields").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("types").EnumerateArray().Select(t => t.GetString()!).ToArray(), f.GetProperty("required").GetBoolean()))
            .ToList();
    }
}
