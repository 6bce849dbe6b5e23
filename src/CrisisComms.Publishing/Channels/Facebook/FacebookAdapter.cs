using System.Globalization;
using System.Text.Json;
using CrisisComms.Contracts.Publishing;

namespace CrisisComms.Publishing.Channels.Facebook;

/// <summary>
/// A Facebook Page through the Graph API: <c>POST /{page-id}/feed</c> for posts, <c>POST
/// /{post-id}/comments</c> for follow-ups (a reply under the original), with the page access token.
/// Meta's usage headers and error codes decide what is retried.
/// </summary>
/// <remarks>Settings: <c>baseUrl</c> (https://graph.facebook.com/v21.0), <c>pageId</c>. Credentials: <c>pageAccessToken</c>.</remarks>
internal sealed class FacebookAdapter(HttpClient http, TimeProvider time) : IChannelAdapter, IReachSource
{
    // Graph error codes that mean "slow down" or "try again" rather than "no".
    private static readonly HashSet<int> Retryable = [1, 2, 4, 17, 32, 341, 368, 613, 80001];

    public string Channel => ChannelNames.Facebook;

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        var (path, field) = post.InReplyTo is { } original ? ($"{original}/comments", "message") : ($"{call.Setting("pageId")}/feed", "message");
        var form = new Dictionary<string, string> { [field] = post.Text, ["access_token"] = call.Secret("pageAccessToken") };
        try
        {
            using var response = await http.PostAsync(Url(call, path), new FormUrlEncodedContent(form), cancellationToken);
            var (failure, body) = await CheckAsync(response, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            using var doc = JsonDocument.Parse(body);
            var id = doc.RootElement.GetProperty("id").GetString()!;
            return ChannelOutcome.Posted(id, $"https://www.facebook.com/{id}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException or ChannelConfigurationException)
        {
            return HttpOutcomes.FromException(e, cancellationToken);
        }
    }

    /// <summary>The page's feed (or the original's comments) since the attempt, matched on the message.</summary>
    public async Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var edge = post.InReplyTo is { } original ? $"{original}/comments" : $"{call.Setting("pageId")}/feed";
        var url = string.Create(CultureInfo.InvariantCulture,
            $"{edge}?fields=id,message,created_time&limit=100&since={since.AddMinutes(-1).ToUnixTimeSeconds()}&access_token={Uri.EscapeDataString(call.Secret("pageAccessToken"))}");
        try
        {
            using var response = await http.GetAsync(Url(call, url), cancellationToken);
            var (failure, body) = await CheckAsync(response, cancellationToken);
            if (failure is not null)
            {
                return Lookup.CannotTell($"Facebook feed: {failure.Error}");
            }

            using var doc = JsonDocument.Parse(body);
            foreach (var item in doc.RootElement.GetProperty("data").EnumerateArray())
            {
                if (item.TryGetProperty("message", out var message) && message.GetString()?.Trim() == post.Text.Trim())
                {
                    var id = item.GetProperty("id").GetString()!;
                    return Lookup.Yes(id, $"https://www.facebook.com/{id}");
                }
            }

            return Lookup.No;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException or KeyNotFoundException)
        {
            return Lookup.CannotTell($"Facebook feed: {e.Message}");
        }
    }

    /// <summary><c>DELETE /{post-id}</c> (a comment reply the same way); an object already gone counts as withdrawn.</summary>
    public async Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        foreach (var id in channelPostIds)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Delete, Url(call, $"{Uri.EscapeDataString(id)}?access_token={Uri.EscapeDataString(call.Secret("pageAccessToken"))}"));
                using var response = await http.SendAsync(request, cancellationToken);
                var (failure, body) = await CheckAsync(response, cancellationToken);
                // 100/33: "does not exist, cannot be loaded due to missing permissions" — gone already.
                if (failure is { Kind: OutcomeKind.Refused } && GraphCode(body) is 100 or 33 && body.Contains("does not exist", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (failure is not null)
                {
                    return failure.Kind == OutcomeKind.Unknown ? ChannelOutcome.Retry(failure.Error!) : failure;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException or ChannelConfigurationException)
            {
                var outcome = HttpOutcomes.FromException(e, cancellationToken);
                return outcome.Kind == OutcomeKind.Unknown ? ChannelOutcome.Retry(outcome.Error!) : outcome;
            }
        }

        return ChannelOutcome.Posted(channelPostIds.Count > 0 ? channelPostIds[0] : string.Empty, null);
    }

    public async Task<IReadOnlyList<ReachFigures>> ReachAsync(IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        var figures = new List<ReachFigures>();
        foreach (var id in channelPostIds)
        {
            var url = $"{id}?fields=shares,comments.summary(true).limit(0),reactions.summary(true).limit(0),insights.metric(post_impressions)&access_token={Uri.EscapeDataString(call.Secret("pageAccessToken"))}";
            using var response = await http.GetAsync(Url(call, url), cancellationToken);
            var (failure, body) = await CheckAsync(response, cancellationToken);
            if (failure is not null)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            long Count(string edge, string field) => root.TryGetProperty(edge, out var e) && e.TryGetProperty(field, out var f)
                ? f.ValueKind == JsonValueKind.Object && f.TryGetProperty("total_count", out var total) ? total.GetInt64() : f.TryGetInt64(out var n) ? n : 0
                : 0;
            long impressions = 0;
            if (root.TryGetProperty("insights", out var insights) && insights.TryGetProperty("data", out var data))
            {
                foreach (var metric in data.EnumerateArray())
                {
                    if (metric.GetProperty("name").GetString() == "post_impressions" && metric.GetProperty("values")[0].GetProperty("value").TryGetInt64(out var value))
                    {
                        impressions = value;
                    }
                }
            }

            figures.Add(new ReachFigures(id, impressions, Count("reactions", "summary"), Count("shares", "count"), Count("comments", "summary")));
        }

        return figures;
    }

    private async Task<(ChannelOutcome? Failure, string Body)> CheckAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var (failure, body) = await HttpOutcomes.CheckAsync(response, ErrorText, time, cancellationToken);
        if (failure is { Kind: OutcomeKind.Refused } && GraphCode(body) is { } code && Retryable.Contains(code))
        {
            return (ChannelOutcome.Retry(failure.Error!, HttpOutcomes.RetryAfter(response, time) ?? TimeSpan.FromMinutes(1), rateLimited: code is 4 or 17 or 32 or 613), body);
        }

        return (failure, body);
    }

    private static Uri Url(ChannelCall call, string relative) =>
        new(new Uri(call.Setting("baseUrl", "https://graph.facebook.com/v21.0").TrimEnd('/') + "/"), relative);

    private static int? GraphCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var code) ? code.GetInt32() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ErrorText(JsonElement root) =>
        root.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var message) ? message.GetString() : null;
}
