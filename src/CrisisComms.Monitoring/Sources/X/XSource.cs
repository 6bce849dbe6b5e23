using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Platform.Signatures;
using CrisisComms.Platform.State;

namespace CrisisComms.Monitoring.Sources.X;

/// <summary>
/// Where an X source got to. <see cref="Since"/>: everything up to this id is stored. A round reads newest
/// first, page by page, down to <see cref="Since"/>: <see cref="Until"/> is the oldest id stored so far in the
/// round and <see cref="Newest"/> the newest; when the round ends, <see cref="Since"/> becomes <see cref="Newest"/>.
/// A crash mid-round resumes at <see cref="Until"/>: nothing is read twice into triage, nothing is skipped.
/// </summary>
internal sealed record XCursor(string? Since, string? Newest, string? Until, DateTimeOffset? Start)
{
    public static XCursor Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new XCursor(null, null, null, null);
        }

        try
        {
            return JsonSerializer.Deserialize<XCursor>(json, SourceJson.Options) ?? new XCursor(null, null, null, null);
        }
        catch (JsonException e)
        {
            throw new SourceException($"the stored cursor is not readable ({e.Message})");
        }
    }

    public string Write() => JsonSerializer.Serialize(this, SourceJson.Options);
}

/// <summary>
/// X API v2 reading, shared by mentions and recent search (their answers have one shape): the request
/// with since_id/until_id or start_time, paced within the app's limit (450 requests per 15 minutes each),
/// and the answer read post by post — a post that cannot be read is skipped with its reason, never the page.
/// </summary>
internal abstract partial class XSource(IHttpClientFactory http, TimeProvider time) : MentionSource
{
    // The fields as the published spec names them (X API v2 2.167: post.fields, referenced_posts).
    private const string Fields = "post.fields=created_at,conversation_id,lang,entities&expansions=author_id,referenced_posts,in_reply_to_user_id&user.fields=username,name,public_metrics";

    public override string Channel => "x";

    protected async Task<SourcePage> ReadAsync(SourcePoll poll, string path, string query, string api, int perWindowDefault, DateTimeOffset firstStart, CancellationToken cancellationToken)
    {
        var account = poll.Account;
        var cursor = XCursor.Read(poll.Cursor);
        var start = cursor.Since is null ? cursor.Start ?? firstStart : (DateTimeOffset?)null;
        var url = new System.Text.StringBuilder(path).Append('?').Append(query).Append("max_results=100&").Append(Fields);
        if (cursor.Since is not null)
        {
            url.Append("&since_id=").Append(cursor.Since);
        }
        else
        {
            url.Append("&start_time=").Append(start!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }

        if (cursor.Until is not null)
        {
            url.Append("&until_id=").Append(cursor.Until);
        }

        var policy = TokenBucketPolicy.PerWindow(account.Number($"{api}PerWindow", perWindowDefault, 1, 1_000_000), TimeSpan.FromMinutes(account.Number("windowMinutes", 15, 1, 1440)));
        await poll.Pacer.TakeAsync($"x-{api}", policy, cancellationToken);

        var uri = new Uri(account.BaseUrl("https://api.x.com"), url.ToString());
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = Authorization(account, uri);
        var body = await SourceHttp.GetStringAsync(http.CreateClient(SourceHttp.ClientName), request, $"X {api}", poll.CallTimeout, time, ErrorText, cancellationToken);
        return Parse(body, cursor, start, account.Setting("userId"), poll.Now);
    }

    private AuthenticationHeaderValue Authorization(SourceAccountView account, Uri uri) =>
        account.Setting("auth", "bearer") switch
        {
            "bearer" => new AuthenticationHeaderValue("Bearer", account.Secret("bearerToken")),
            "oauth1" => AuthenticationHeaderValue.Parse(OAuth1Signer.AuthorizationHeader(
                HttpMethod.Get, uri, [], new OAuth1Credentials(account.Secret("consumerKey"), account.Secret("consumerSecret"), account.Secret("accessToken"), account.Secret("accessTokenSecret")), time)),
            var other => throw new SourceConfigurationException($"{account.Key}: setting 'auth' is '{other}', not bearer or oauth1"),
        };

    /// <summary>One answer: its posts (minus the account's own), what was skipped, and the cursor after it.</summary>
    internal static SourcePage Parse(string body, XCursor cursor, DateTimeOffset? start, string? selfId, DateTimeOffset now)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new SourceException($"X answered something that is not JSON ({e.Message})");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SourceException("X answered JSON that is not an object");
            }

            var hasData = root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array;
            var hasMeta = root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object;
            if (!hasData && !hasMeta)
            {
                throw new SourceException($"X answered without data or meta: {Excerpt(root)}");
            }

            var users = Users(root);
            var items = new List<CapturedMention>();
            var rejected = new List<SourceRejection>();
            ulong? newest = null, oldest = null;
            if (hasData)
            {
                foreach (var post in data.EnumerateArray())
                {
                    var id = post.ValueKind == JsonValueKind.Object && post.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                    if (id is null || !PostId().IsMatch(id) || !ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric))
                    {
                        rejected.Add(new SourceRejection(id, "post without a valid id", Excerpt(post)));
                        continue;
                    }

                    newest = newest is null || numeric > newest ? numeric : newest;
                    oldest = oldest is null || numeric < oldest ? numeric : oldest;
                    try
                    {
                        if (Read(post, id, numeric, users, now) is { } item && item.AuthorId != selfId)
                        {
                            items.Add(item);
                        }
                    }
                    catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
                    {
                        rejected.Add(new SourceRejection(id, $"post not readable: {e.Message}", Excerpt(post)));
                    }
                }
            }

            var more = hasMeta && meta.TryGetProperty("next_token", out var token) && token.ValueKind == JsonValueKind.String && oldest is not null;
            var roundNewest = cursor.Until is null ? Max(newest?.ToString(CultureInfo.InvariantCulture), cursor.Newest) : cursor.Newest ?? newest?.ToString(CultureInfo.InvariantCulture);
            var next = more
                ? cursor with { Newest = roundNewest, Until = oldest!.Value.ToString(CultureInfo.InvariantCulture), Start = start }
                : new XCursor(roundNewest ?? cursor.Since, null, null, roundNewest is null && cursor.Since is null ? start : null);
            return new SourcePage(items, rejected, next.Write(), more);
        }
    }

    private static CapturedMention? Read(JsonElement post, string id, ulong numeric, Dictionary<string, (string Username, string Name, long? Followers)> users, DateTimeOffset now)
    {
        if (!post.TryGetProperty("text", out var textElement) || textElement.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("no text");
        }

        var authorId = Text(post, "author_id");
        var author = authorId is not null && users.TryGetValue(authorId, out var user) ? user : default;
        var postedAt = Text(post, "created_at") is { } created && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : SnowflakeTime(numeric) ?? now;
        string? repliedTo = null;
        var repost = false;
        foreach (var name in new[] { "referenced_posts", "referenced_tweets" })
        {
            if (post.TryGetProperty(name, out var references) && references.ValueKind == JsonValueKind.Array)
            {
                foreach (var reference in references.EnumerateArray())
                {
                    switch (Text(reference, "type"))
                    {
                        case "replied_to":
                            repliedTo = Text(reference, "id");
                            break;
                        case "retweeted" or "reposted":
                            repost = true;
                            break;
                    }
                }
            }
        }

        IReadOnlyList<string>? hashtags = null;
        if (post.TryGetProperty("entities", out var entities) && entities.ValueKind == JsonValueKind.Object
            && entities.TryGetProperty("hashtags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            hashtags = tags.EnumerateArray().Select(t => Text(t, "tag")).OfType<string>().Select(MentionHashtags.Normalise).ToList();
        }

        return new CapturedMention(id, author.Username is { Length: > 0 } handle ? "@" + handle : author.Name ?? authorId ?? "unknown", textElement.GetString()!, postedAt)
        {
            Kind = repliedTo is not null ? MentionKinds.Reply : MentionKinds.Post,
            AuthorId = authorId,
            AuthorFollowers = author.Followers,
            InReplyToNativeId = repliedTo,
            ConversationId = Text(post, "conversation_id"),
            IsRepost = repost,
            Url = author.Username is { Length: > 0 } u ? $"https://x.com/{u}/status/{id}" : $"https://x.com/i/web/status/{id}",
            Language = Text(post, "lang"),
            Hashtags = hashtags,
        };
    }

    private static Dictionary<string, (string Username, string Name, long? Followers)> Users(JsonElement root)
    {
        var users = new Dictionary<string, (string, string, long?)>(StringComparer.Ordinal);
        if (root.TryGetProperty("includes", out var includes) && includes.ValueKind == JsonValueKind.Object
            && includes.TryGetProperty("users", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var user in list.EnumerateArray())
            {
                if (Text(user, "id") is { } id)
                {
                    long? followers = user.TryGetProperty("public_metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object
                        && metrics.TryGetProperty("followers_count", out var count) && count.TryGetInt64(out var n) ? n : null;
                    users[id] = (Text(user, "username") ?? string.Empty, Text(user, "name") ?? string.Empty, followers);
                }
            }
        }

        return users;
    }

    /// <summary>X ids are snowflakes: the first 41 bits are milliseconds since X's epoch.</summary>
    internal static DateTimeOffset? SnowflakeTime(ulong id)
    {
        var ms = (long)(id >> 22) + 1_288_834_974_657L;
        return id > (1UL << 22) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    private static string? Max(string? a, string? b) =>
        a is null ? b : b is null ? a : (a.Length, string.CompareOrdinal(a, b)) switch
        {
            _ when a.Length != b.Length => a.Length > b.Length ? a : b,
            (_, > 0) => a,
            _ => b,
        };

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Excerpt(JsonElement element)
    {
        var raw = element.GetRawText();
        return raw.Length > 200 ? raw[..200] : raw;
    }

    private static string? ErrorText(JsonElement error) =>
        error.ValueKind != JsonValueKind.Object ? null
        : error.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString()
        : error.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0 && Text(errors[0], "message") is { } message ? message
        : Text(error, "title");

    [GeneratedRegex("^[0-9]{1,19}$", RegexOptions.CultureInvariant)]
    private static partial Regex PostId();
}

/// <summary><c>GET /2/users/{id}/mentions</c>: what is said to the account, since the last id stored.</summary>
internal sealed class XMentionsSource(IHttpClientFactory http, TimeProvider time) : XSource(http, time)
{
    public override string Type => SourceTypes.XMentions;

    public override Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var userId = poll.Account.RequiredSetting("userId");
        return ReadAsync(poll, $"2/users/{Uri.EscapeDataString(userId)}/mentions", string.Empty, "mentions", 450, poll.Now - poll.FirstPollLookback, cancellationToken);
    }
}

/// <summary><c>GET /2/tweets/search/recent</c> for one watched hashtag or keyword (the account's own posts left out).</summary>
internal sealed class XSearchSource(IHttpClientFactory http, TimeProvider time) : XSource(http, time)
{
    // Recent search reaches back seven days.
    private static readonly TimeSpan Reach = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);

    public override string Type => SourceTypes.XSearch;

    public override Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        var watch = poll.Watch ?? throw new SourceConfigurationException($"{poll.Key}: no watched term");
        var query = Query(watch.Term, poll.Account.Setting("userId"));
        if (query.Length > 512)
        {
            throw new SourceConfigurationException($"{poll.Key}: the search query is longer than X's 512 characters");
        }

        // A new watch looks back to when its tag was issued (a few minutes before, for clocks), at most seven days.
        var since = watch.StartedAt - TimeSpan.FromMinutes(5);
        var first = since < poll.Now - Reach ? poll.Now - Reach : since;
        return ReadAsync(poll, "2/tweets/search/recent", $"query={Uri.EscapeDataString(query)}&", "search", 450, first, cancellationToken);
    }

    /// <summary>A hashtag as itself, a keyword as a quoted phrase; never the account's own posts.</summary>
    internal static string Query(string term, string? selfId)
    {
        var trimmed = term.Trim();
        var phrase = trimmed.StartsWith('#') && !trimmed.Contains(' ', StringComparison.Ordinal)
            ? trimmed
            : $"\"{trimmed.Replace("\"", string.Empty, StringComparison.Ordinal)}\"";
        return selfId is { Length: > 0 } ? $"{phrase} -from:{selfId}" : phrase;
    }
}
