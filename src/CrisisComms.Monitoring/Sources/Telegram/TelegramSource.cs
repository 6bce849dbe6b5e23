using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Platform.State;

namespace CrisisComms.Monitoring.Sources.Telegram;

/// <summary>
/// Messages to the organisation's bot and in the chats and channels it is in, read with <c>getUpdates</c>.
/// The cursor is the offset: Telegram forgets updates below it only when asked with it, which happens on
/// the poll after the page was stored — so a crash re-reads the page (deduplicated) instead of losing it.
/// </summary>
/// <remarks>Settings: <c>baseUrl</c> (https://api.telegram.org). Credentials: <c>botToken</c>.</remarks>
internal sealed class TelegramSource(IHttpClientFactory http, TimeProvider time) : MentionSource
{
    private const int Limit = 100;

    public override string Type => SourceTypes.Telegram;

    public override string Channel => "telegram";

    public override async Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var token = poll.Account.Secret("botToken");
        var botId = token.Split(':')[0];
        long? offset = long.TryParse(poll.Cursor, NumberStyles.Integer, CultureInfo.InvariantCulture, out var o) ? o : null;
        await poll.Pacer.TakeAsync("getUpdates", TokenBucketPolicy.PerWindow(poll.Account.Number("requestsPerWindow", 60, 1, 100_000), TimeSpan.FromMinutes(1)), cancellationToken);

        // "./": the token holds a colon, which would otherwise read as a URI scheme.
        var uri = new Uri(poll.Account.BaseUrl("https://api.telegram.org"), $"./bot{token}/getUpdates");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = JsonContent.Create(new Dictionary<string, object?>
            {
                ["offset"] = offset,
                ["limit"] = Limit,
                ["timeout"] = 0,
                ["allowed_updates"] = new[] { "message", "channel_post" },
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value)),
        };
        string body;
        try
        {
            body = await SourceHttp.GetStringAsync(http.CreateClient(SourceHttp.ClientName), request, "Telegram getUpdates", poll.CallTimeout, time, ErrorText, cancellationToken);
        }
        catch (SourceException e)
        {
            // The token is part of the URL: keep it out of what is logged and shown.
            throw e is SourceRateLimitedException limited ? new SourceRateLimitedException(limited.Message.Replace(token, "***", StringComparison.Ordinal), limited.RetryAfter ?? TimeSpan.FromMinutes(1)) : new SourceException(e.Message.Replace(token, "***", StringComparison.Ordinal), e.RetryAfter);
        }

        using var doc = Parse(body);
        var updates = doc.RootElement.GetProperty("result");
        var items = new List<CapturedMention>();
        var rejected = new List<SourceRejection>();
        var next = offset;
        foreach (var update in updates.EnumerateArray())
        {
            if (update.ValueKind != JsonValueKind.Object || !update.TryGetProperty("update_id", out var idElement) || !idElement.TryGetInt64(out var updateId))
            {
                rejected.Add(new SourceRejection(null, "update without update_id", Excerpt(update)));
                continue;
            }

            next = Math.Max(next ?? 0, updateId + 1);
            var message = update.TryGetProperty("message", out var m) ? m : update.TryGetProperty("channel_post", out var c) ? c : default;
            if (message.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            try
            {
                if (Read(message, botId) is { } item)
                {
                    items.Add(item);
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException)
            {
                rejected.Add(new SourceRejection($"update {updateId}", $"message not readable: {e.Message}", Excerpt(message)));
            }
        }

        return new SourcePage(items, rejected, next?.ToString(CultureInfo.InvariantCulture), More: updates.GetArrayLength() >= Limit);
    }

    private static CapturedMention? Read(JsonElement message, string botId)
    {
        var chat = message.GetProperty("chat");
        var chatId = chat.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var messageId = message.GetProperty("message_id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var from = message.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var fromId = from.ValueKind == JsonValueKind.Object && from.TryGetProperty("id", out var id) ? id.GetInt64().ToString(CultureInfo.InvariantCulture) : null;
        if (fromId == botId)
        {
            return null;
        }

        var text = Str(message, "text") ?? Str(message, "caption");
        if (string.IsNullOrWhiteSpace(text))
        {
            // A sticker, photo without caption, someone joining: nothing to read.
            return null;
        }

        var chatType = Str(chat, "type");
        var replyTo = message.TryGetProperty("reply_to_message", out var reply) && reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("message_id", out var rid)
            ? $"{chatId}:{rid.GetInt64().ToString(CultureInfo.InvariantCulture)}"
            : null;
        var author = from.ValueKind == JsonValueKind.Object
            ? Str(from, "username") is { Length: > 0 } username ? "@" + username : string.Join(' ', new[] { Str(from, "first_name"), Str(from, "last_name") }.Where(n => !string.IsNullOrEmpty(n)))
            : Str(chat, "title") ?? chatId;
        var date = message.TryGetProperty("date", out var d) && d.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : default;
        return new CapturedMention($"{chatId}:{messageId}", author, text, date)
        {
            Kind = chatType switch
            {
                "private" => MentionKinds.DirectMessage,
                "channel" => MentionKinds.Post,
                _ => replyTo is null ? MentionKinds.Comment : MentionKinds.Reply,
            },
            AuthorId = fromId ?? chatId,
            InReplyToNativeId = replyTo,
            ConversationId = chatId,
            Url = Str(chat, "username") is { Length: > 0 } chatName ? $"https://t.me/{chatName}/{messageId}" : null,
            Language = from.ValueKind == JsonValueKind.Object ? Str(from, "language_code") : null,
        };
    }

    private static JsonDocument Parse(string body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new SourceException($"Telegram answered something that is not JSON ({e.Message})");
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True
            || !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
        {
            var description = root.ValueKind == JsonValueKind.Object ? Str(root, "description") : null;
            doc.Dispose();
            throw new SourceException($"Telegram getUpdates: {description ?? "unexpected answer (no ok/result list)"}");
        }

        return doc;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Excerpt(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length > 200 ? raw[..200] : raw;
    }

    private static string? ErrorText(JsonElement error) => Str(error, "description");
}
