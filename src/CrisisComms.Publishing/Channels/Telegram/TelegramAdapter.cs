using System.Net.Http.Json;
using System.Text.Json;
using CrisisComms.Contracts.Publishing;

namespace CrisisComms.Publishing.Channels.Telegram;

/// <summary>
/// A Telegram channel through the Bot API: <c>sendMessage</c> with parse mode HTML (the text arrives
/// already escaped), replying to the original for follow-ups. Bots cannot search a channel's history,
/// so an unknown outcome goes to an officer.
/// </summary>
/// <remarks>Settings: <c>baseUrl</c> (https://api.telegram.org), <c>chatId</c> (@channel or -100…). Credentials: <c>botToken</c>.</remarks>
internal sealed class TelegramAdapter(HttpClient http, TimeProvider time) : IChannelAdapter
{
    public string Channel => ChannelNames.Telegram;

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        // A reply goes to the chat the message came from; a post to the organisation's channel.
        var chat = post.Recipient is { Length: > 0 } recipient ? recipient : call.Setting("chatId");
        object body = int.TryParse(post.InReplyTo, out var replyTo)
            ? new { chat_id = chat, text = post.Html ?? post.Text, parse_mode = "HTML", reply_parameters = new { message_id = replyTo, allow_sending_without_reply = true } }
            : new { chat_id = chat, text = post.Html ?? post.Text, parse_mode = "HTML" };
        return await CallAsync("sendMessage", body, call, result =>
        {
            var id = result.GetProperty("message_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ChannelOutcome.Posted(id, chat.StartsWith('@') ? $"https://t.me/{chat[1..]}/{id}" : null);
        }, cancellationToken);
    }

    public Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup.CannotTell("Telegram bots cannot search a channel's history; check the channel"));

    /// <summary><c>deleteMessage</c>; a message already gone counts as withdrawn.</summary>
    public async Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        foreach (var id in channelPostIds)
        {
            if (!long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var messageId))
            {
                return ChannelOutcome.Refused($"telegram: '{id}' is not a message id");
            }

            var outcome = await CallAsync("deleteMessage", new { chat_id = call.Setting("chatId"), message_id = messageId }, call, _ => ChannelOutcome.Posted(id, null), cancellationToken);
            if (outcome.Kind == OutcomeKind.Refused && outcome.Error?.Contains("message to delete not found", StringComparison.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            if (outcome.Kind != OutcomeKind.Published)
            {
                return outcome;
            }
        }

        return ChannelOutcome.Posted(channelPostIds.Count > 0 ? channelPostIds[0] : string.Empty, null);
    }

    /// <summary>One Bot API method: <c>{"ok":true,"result":…}</c>, or an error code and description sorted into retry or refusal.</summary>
    private async Task<ChannelOutcome> CallAsync(string method, object body, ChannelCall call, Func<JsonElement, ChannelOutcome> success, CancellationToken cancellationToken)
    {
        try
        {
            var url = new Uri($"{call.Setting("baseUrl", "https://api.telegram.org").TrimEnd('/')}/bot{call.Secret("botToken")}/{method}");
            using var response = await http.PostAsJsonAsync(url, body, cancellationToken);
            var content = await response.Content.ReadAsStringAsync(cancellationToken);
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            if (root.TryGetProperty("ok", out var ok) && ok.GetBoolean())
            {
                return success(root.GetProperty("result"));
            }

            var code = root.TryGetProperty("error_code", out var c) ? c.GetInt32() : (int)response.StatusCode;
            var text = $"{code} {(root.TryGetProperty("description", out var d) ? d.GetString() : response.ReasonPhrase)}";
            if (code == 429)
            {
                var after = root.TryGetProperty("parameters", out var p) && p.TryGetProperty("retry_after", out var r) ? TimeSpan.FromSeconds(r.GetInt32()) : HttpOutcomes.RetryAfter(response, time);
                return ChannelOutcome.Retry(text, after, rateLimited: true);
            }

            return code >= 500 ? ChannelOutcome.Retry(text) : ChannelOutcome.Refused(text);
        }
        catch (JsonException e)
        {
            return ChannelOutcome.Unknown($"telegram answered something unreadable: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException or ChannelConfigurationException)
        {
            return HttpOutcomes.FromException(e, cancellationToken);
        }
    }
}
