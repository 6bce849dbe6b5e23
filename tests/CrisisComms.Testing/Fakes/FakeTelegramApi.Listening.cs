using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Testing.Fakes;

/// <summary>
/// <c>getUpdates</c> as the Bot API describes it: updates from the lowest unconfirmed one, up to
/// <c>limit</c>; an update is confirmed (and forgotten) once getUpdates is asked with an offset above its id.
/// The request's fields are checked against the published method description like the others.
/// </summary>
public sealed partial class FakeTelegramApi
{
    private readonly ConcurrentDictionary<long, string> _updates = new();
    private long _nextUpdate = 500_000_000;
    private long _nextIncoming = 1_000;

    /// <summary>Updates not yet confirmed by an offset above them.</summary>
    public int Unconfirmed => _updates.Count;

    /// <summary>getUpdates requests answered.</summary>
    public int UpdateRequests { get; private set; }

    /// <summary>Someone writes in a chat the bot is in (private, group, supergroup or channel); returns the update id.</summary>
    public long Say(long chatId, string chatType, long fromId, string firstName, string? username, string? text, long? replyTo = null, string? chatUsername = null)
    {
        var updateId = Interlocked.Increment(ref _nextUpdate);
        var messageId = Interlocked.Increment(ref _nextIncoming);
        var chat = new Dictionary<string, object?> { ["id"] = chatId, ["type"] = chatType, ["title"] = chatType == "private" ? null : "Demo chat", ["username"] = chatUsername };
        var message = new Dictionary<string, object?>
        {
            ["message_id"] = messageId,
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = chat.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value),
            ["text"] = text,
        };
        if (chatType != "channel")
        {
            message["from"] = new Dictionary<string, object?> { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = firstName, ["username"] = username, ["language_code"] = "en" }
                .Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value);
        }

        if (replyTo is { } reply)
        {
            message["reply_to_message"] = new { message_id = reply, date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), chat = new { id = chatId, type = chatType } };
        }

        var update = new Dictionary<string, object?> { ["update_id"] = updateId, [chatType == "channel" ? "channel_post" : "message"] = message.Where(m => m.Value is not null).ToDictionary(m => m.Key, m => m.Value) };
        _updates[updateId] = JsonSerializer.Serialize(update);
        return updateId;
    }

    /// <summary>An update as given (to see what an odd one does).</summary>
    public long SayRaw(Func<long, string> updateJson)
    {
        ArgumentNullException.ThrowIfNull(updateJson);
        var updateId = Interlocked.Increment(ref _nextUpdate);
        _updates[updateId] = updateJson(updateId);
        return updateId;
    }

    private async Task<IResult> GetUpdatesAsync(HttpContext context, string token)
    {
        await Faults.PassGateAsync();
        if (await CheckAsync(context, token, "getUpdates") is { Problem: { } problem })
        {
            return problem;
        }

        UpdateRequests++;
        using var body = JsonDocument.Parse((string)context.Items["body"]!);
        var root = body.RootElement;
        var offset = root.TryGetProperty("offset", out var o) ? o.GetInt64() : 0;
        var limit = root.TryGetProperty("limit", out var l) ? Math.Clamp(l.GetInt32(), 1, 100) : 100;
        foreach (var confirmed in _updates.Keys.Where(id => id < offset))
        {
            _updates.TryRemove(confirmed, out _);
        }

        var result = _updates.OrderBy(u => u.Key).Take(limit).Select(u => JsonDocument.Parse(u.Value).RootElement).ToList();
        return Answer(context, Results.Json(new { ok = true, result }));
    }
}
