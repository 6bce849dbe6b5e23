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
        var chat = call.Setting("chatId");
        object body = int.TryParse(post.InReplyTo, out var replyTo)
            ? new { chat_id = chat, text = post.Html ?? post.Text, parse_mode = "HTML", reply_parameters = new { message_id = replyTo, allow_sending_without_reply = true } }
            : new { chat_id = chat, text = post.Html ?? post.Text, parse_mode = "HTML" };
        try
        {
            var url = new Uri($"{call.Setting("baseUrl", "https://api.telegram.org").TrimEnd('/')}/bot{call.Secret("botToken")}/sendMessage");
            using var response = await http.PostAsJsonAsync(url, body, cancellationToken);
            var content = await response.Content.ReadAsStringAsync(cancellationToken);
            using var doc = JsonDocument.Parse(content);
            var root = doc.RootElement;
            if (root.TryGetProperty("ok", out var ok) && ok.GetBoolean())
            {
                var id = root.GetProperty("result").GetProperty("message_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ChannelOutcome.Posted(id, chat.StartsWith('@') ? $"https://t.me/{chat[1..]}/{id}" : null);
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

    public Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup.CannotTell("Telegram bots cannot search a channel's history; check the channel"));
}
