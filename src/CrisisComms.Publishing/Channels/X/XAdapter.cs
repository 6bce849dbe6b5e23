using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Signatures;

namespace CrisisComms.Publishing.Channels.X;

/// <summary>
/// X API v2: <c>POST /2/tweets</c> for posts, replies and threads (each part replying to the one
/// before), with user-context auth — OAuth 1.0a signed per RFC 5849, or an OAuth 2.0 user token
/// refreshed when it expires. X answers a repeated post with "duplicate content" and no id: that is
/// treated as sent, and the post is found on the account's timeline.
/// </summary>
/// <remarks>
/// Settings: <c>baseUrl</c> (https://api.x.com), <c>userId</c>, <c>auth</c> (oauth1 | oauth2),
/// <c>tokenUrl</c> (oauth2). Credentials: oauth1 <c>consumerKey</c>, <c>consumerSecret</c>,
/// <c>accessToken</c>, <c>accessTokenSecret</c>; oauth2 <c>clientId</c>, <c>clientSecret</c> (optional),
/// <c>accessToken</c>, <c>refreshToken</c>, <c>expiresAt</c> (unix seconds).
/// </remarks>
internal sealed partial class XAdapter(HttpClient http, TimeProvider time) : IChannelAdapter, IReachSource
{
    public string Channel => ChannelNames.X;

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        var parts = post.Parts;
        var previous = call.PartsDone.Count > 0 ? call.PartsDone[^1] : post.InReplyTo;
        string? first = call.PartsDone.Count > 0 ? call.PartsDone[0] : null;
        for (var i = call.PartsDone.Count; i < parts.Count; i++)
        {
            var outcome = await CreateAsync(parts[i], previous, call, cancellationToken);
            if (outcome.Kind == OutcomeKind.Refused && outcome.Error?.Contains("duplicate content", StringComparison.OrdinalIgnoreCase) == true)
            {
                // X keeps one copy: it was posted before (our answer was lost). Find it, carry on.
                var found = await FindAsync(parts[i], call, time.GetUtcNow().AddDays(-2), cancellationToken);
                outcome = found.Found == true ? ChannelOutcome.Posted(found.ChannelPostId!, found.Url) : ChannelOutcome.Unknown("X says duplicate, but the earlier post was not found");
            }

            if (outcome.Kind != OutcomeKind.Published)
            {
                return outcome;
            }

            await call.RecordPartAsync(i, outcome.ChannelPostId!);
            first ??= outcome.ChannelPostId;
            previous = outcome.ChannelPostId;
        }

        return ChannelOutcome.Posted(first!, StatusUrl(first!));
    }

    public async Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Only the part that was in flight can be unknown; the ones before it are recorded.
        var index = call.PartsDone.Count;
        return index >= post.Parts.Count
            ? Lookup.Yes(call.PartsDone[0], StatusUrl(call.PartsDone[0]))
            : await FindAsync(post.Parts[index], call, since, cancellationToken);
    }

    /// <summary><c>DELETE /2/tweets/:id</c> for every part, last first so no reply is left hanging; a post already gone counts.</summary>
    public async Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        foreach (var id in channelPostIds.Reverse())
        {
            try
            {
                using var response = await SendAsync(HttpMethod.Delete, $"2/tweets/{Uri.EscapeDataString(id)}", null, call, cancellationToken);
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    continue;
                }

                var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
                if (failure is not null)
                {
                    return failure;
                }

                using var doc = JsonDocument.Parse(body);
                var deleted = doc.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("deleted", out var flag) && flag.ValueKind == JsonValueKind.True;
                // "deleted": false is what X says about a post that is already gone, but check it really is.
                if (!deleted && await StillThereAsync(id, call, cancellationToken))
                {
                    return ChannelOutcome.Refused($"X did not delete {id}: {(ErrorText(doc.RootElement) ?? body)}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException or ChannelConfigurationException)
            {
                // Deleting twice is harmless, so an unknown outcome is simply tried again.
                var outcome = HttpOutcomes.FromException(e, cancellationToken);
                return outcome.Kind == OutcomeKind.Unknown ? ChannelOutcome.Retry(outcome.Error!) : outcome;
            }
            catch (JsonException e)
            {
                return ChannelOutcome.Retry($"X answered something unreadable: {e.Message}");
            }
        }

        return ChannelOutcome.Posted(channelPostIds.Count > 0 ? channelPostIds[0] : string.Empty, null);
    }

    private async Task<bool> StillThereAsync(string id, ChannelCall call, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"2/tweets?ids={Uri.EscapeDataString(id)}", null, call, cancellationToken);
        var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
        if (failure is not null)
        {
            throw new HttpRequestException($"X lookup of {id}: {failure.Error}");
        }

        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty("data", out var data) && data.EnumerateArray().Any(t => t.GetProperty("id").GetString() == id);
    }

    public async Task<IReadOnlyList<ReachFigures>> ReachAsync(IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        var figures = new List<ReachFigures>();
        foreach (var batch in channelPostIds.Chunk(100))
        {
            var url = $"2/tweets?ids={string.Join(',', batch)}&tweet.fields=public_metrics";
            using var response = await SendAsync(HttpMethod.Get, url, null, call, cancellationToken);
            var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
            if (failure is not null)
            {
                throw new HttpRequestException($"X reach: {failure.Error}");
            }

            using var doc = JsonDocument.Parse(body);
            if (!doc.RootElement.TryGetProperty("data", out var data))
            {
                continue;
            }

            foreach (var tweet in data.EnumerateArray())
            {
                var m = tweet.GetProperty("public_metrics");
                long Get(string name) => m.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? Math.Max(0, n) : 0;
                figures.Add(new ReachFigures(tweet.GetProperty("id").GetString()!, Get("impression_count"), Get("like_count") + Get("bookmark_count"), (m.TryGetProperty("retweet_count", out _) ? Get("retweet_count") : Get("repost_count")) + Get("quote_count"), Get("reply_count")));
            }
        }

        return figures;
    }

    private async Task<ChannelOutcome> CreateAsync(string text, string? replyTo, ChannelCall call, CancellationToken cancellationToken)
    {
        object body = replyTo is null ? new { text } : new { text, reply = new { in_reply_to_tweet_id = replyTo } };
        try
        {
            using var response = await SendAsync(HttpMethod.Post, "2/tweets", JsonContent.Create(body), call, cancellationToken);
            var (failure, content) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            using var doc = JsonDocument.Parse(content);
            var id = doc.RootElement.GetProperty("data").GetProperty("id").GetString()!;
            return ChannelOutcome.Posted(id, StatusUrl(id));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException or ChannelConfigurationException)
        {
            return HttpOutcomes.FromException(e, cancellationToken);
        }
    }

    /// <summary>The account's own recent posts since <paramref name="since"/>, matched on their text (X rewrites links, so links are ignored).</summary>
    private async Task<Lookup> FindAsync(string text, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var wanted = Comparable(text);
        string? next = null;
        try
        {
            for (var page = 0; page < 20; page++)
            {
                var url = string.Create(CultureInfo.InvariantCulture,
                    $"2/users/{call.Setting("userId")}/tweets?max_results=100&start_time={since.AddMinutes(-1).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}{(next is null ? string.Empty : "&pagination_token=" + Uri.EscapeDataString(next))}");
                using var response = await SendAsync(HttpMethod.Get, url, null, call, cancellationToken);
                var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
                if (failure is not null)
                {
                    return Lookup.CannotTell($"X timeline: {failure.Error}");
                }

                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("data", out var data))
                {
                    foreach (var tweet in data.EnumerateArray())
                    {
                        if (Comparable(tweet.GetProperty("text").GetString() ?? string.Empty) == wanted)
                        {
                            var id = tweet.GetProperty("id").GetString()!;
                            return Lookup.Yes(id, StatusUrl(id));
                        }
                    }
                }

                if (!doc.RootElement.TryGetProperty("meta", out var meta) || !meta.TryGetProperty("next_token", out var token))
                {
                    return Lookup.No;
                }

                next = token.GetString();
            }

            return Lookup.CannotTell("X timeline: too many posts to search");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            return Lookup.CannotTell($"X timeline: {e.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, HttpContent? content, ChannelCall call, CancellationToken cancellationToken)
    {
        var uri = new Uri(new Uri(call.Setting("baseUrl", "https://api.x.com/").TrimEnd('/') + "/"), relative);
        var oauth2 = call.Setting("auth", "oauth1") == "oauth2";
        var secrets = oauth2 ? await FreshTokenAsync(call, cancellationToken) : call.Secrets;
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Authorization = oauth2
            ? new AuthenticationHeaderValue("Bearer", secrets["accessToken"])
            : AuthenticationHeaderValue.Parse(OAuth1Signer.AuthorizationHeader(
                method, uri, [], new OAuth1Credentials(call.Secret("consumerKey"), call.Secret("consumerSecret"), call.Secret("accessToken"), call.Secret("accessTokenSecret")), time));
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>OAuth 2.0: refresh the user token shortly before it expires, and keep the new pair (X rotates refresh tokens).</summary>
    private async Task<IReadOnlyDictionary<string, string>> FreshTokenAsync(ChannelCall call, CancellationToken cancellationToken)
    {
        var expires = long.TryParse(call.Secrets.GetValueOrDefault("expiresAt"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var at) ? at : 0;
        if (expires > time.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds() && call.Secrets.ContainsKey("accessToken"))
        {
            return call.Secrets;
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = call.Secret("refreshToken"),
            ["client_id"] = call.Secret("clientId"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, call.Setting("tokenUrl", $"{call.Setting("baseUrl", "https://api.x.com/").TrimEnd('/')}/2/oauth2/token"))
        {
            Content = new FormUrlEncodedContent(form),
        };
        if (call.Secrets.TryGetValue("clientSecret", out var clientSecret) && !string.IsNullOrEmpty(clientSecret))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{call.Secret("clientId")}:{clientSecret}")));
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ChannelConfigurationException($"x: refreshing the OAuth 2.0 token failed ({(int)response.StatusCode}); reconnect the account");
        }

        using var doc = JsonDocument.Parse(body);
        var updated = new Dictionary<string, string>(call.Secrets, StringComparer.Ordinal)
        {
            ["accessToken"] = doc.RootElement.GetProperty("access_token").GetString()!,
            ["expiresAt"] = (time.GetUtcNow().ToUnixTimeSeconds() + doc.RootElement.GetProperty("expires_in").GetInt64()).ToString(CultureInfo.InvariantCulture),
        };
        if (doc.RootElement.TryGetProperty("refresh_token", out var refresh))
        {
            updated["refreshToken"] = refresh.GetString()!;
        }

        await call.SaveSecretsAsync(updated);
        return updated;
    }

    private static string StatusUrl(string id) => $"https://x.com/i/web/status/{id}";

    private static string? ErrorText(JsonElement error) =>
        error.TryGetProperty("detail", out var detail) ? detail.GetString()
        : error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 && errors[0].TryGetProperty("message", out var message) ? message.GetString()
        : error.TryGetProperty("title", out var title) ? title.GetString()
        : null;

    private static string Comparable(string text) => Whitespace().Replace(Link().Replace(text, string.Empty), " ").Trim();

    [GeneratedRegex(@"https?://\S+", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
