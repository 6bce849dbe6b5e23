using System.Net;
using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Channels.X;
using CrisisComms.Testing.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Xunit;

namespace CrisisComms.Publishing.Tests.Conformance;

/// <summary>
/// Every request <see cref="XAdapter"/> makes, sent to Prism mocking X's published OpenAPI file (X API v2 2.167): a
/// request that breaks the spec throws <see cref="PrismViolationException"/> and fails the test. OAuth 1.0a calls go to
/// the overlay that takes an <c>Authorization: OAuth …</c> header (Prism checks that the header is there, never the
/// signature); OAuth 2.0 calls go to the file as published, which checks the Bearer scheme. Prism's bodies are junk,
/// so these tests look at the requests, and only check that the adapter copes with the answers.
/// </summary>
public sealed class XConformanceTests(XOAuth1Prism oauth1Prism, XPrism publishedPrism) : IClassFixture<XOAuth1Prism>, IClassFixture<XPrism>
{
    private const string UserId = "2244994945";
    private const string Original = "1346889436626259968";

    [Fact]
    public async Task A_single_post_is_one_create_signed_with_OAuth_1_that_X_accepts()
    {
        var x = XAccount.OAuth1(oauth1Prism);

        var outcome = await x.Adapter.PublishAsync(Post("Shelter-in-place lifted for Zone 4."), x.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        var create = Assert.Single(x.Guard.Exchanges);
        AssertCreate(create, "Shelter-in-place lifted for Zone 4.", replyTo: null);
        AssertSignedWithOAuth1(create);
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_reply_names_the_post_it_answers()
    {
        var x = XAccount.OAuth1(oauth1Prism);

        var outcome = await x.Adapter.PublishAsync(Post("Update: Zone 4 roads reopened.", inReplyTo: Original), x.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        AssertCreate(Assert.Single(x.Guard.Exchanges), "Update: Zone 4 roads reopened.", replyTo: Original);
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_thread_of_three_is_three_creates_each_replying_to_the_part_before()
    {
        var x = XAccount.OAuth1(oauth1Prism);
        string[] parts = ["Flood warning for the Exe (1/3)", "Rest centre at the Corn Exchange (2/3)", "Call 999 if in danger (3/3)"];

        var outcome = await x.Adapter.PublishAsync(Post(parts[0], thread: parts, inReplyTo: Original), x.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        var creates = x.Guard.Exchanges;
        Assert.Equal(3, creates.Count);
        Assert.Equal(3, x.RecordedParts.Count);
        AssertCreate(creates[0], parts[0], replyTo: Original);
        AssertCreate(creates[1], parts[1], replyTo: x.RecordedParts[0]);
        AssertCreate(creates[2], parts[2], replyTo: x.RecordedParts[1]);
        Assert.All(creates, AssertSignedWithOAuth1);
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task Looking_a_post_up_reads_the_account_timeline_with_valid_paging()
    {
        var x = XAccount.OAuth1(oauth1Prism);
        var since = DateTimeOffset.UtcNow.AddHours(-2);

        var lookup = await x.Adapter.LookUpAsync(Post("Rest centre open at the Corn Exchange."), x.Call(), since, CancellationToken.None);

        // Prism's junk timeline never holds our text and always offers a next page: the adapter pages to its limit.
        Assert.NotEqual(true, lookup.Found);
        var reads = x.Guard.Exchanges;
        Assert.InRange(reads.Count, 1, 20);
        Assert.All(reads, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal($"/2/users/{UserId}/tweets", r.RequestUri!.AbsolutePath);
            var query = QueryHelpers.ParseQuery(r.RequestUri.Query);
            Assert.Equal("100", query["max_results"].ToString());
            Assert.True(DateTimeOffset.TryParse(query["start_time"].ToString(), out var start) && start <= since, "start_time is a date-time before since");
            AssertSignedWithOAuth1(r);
        });
        Assert.False(QueryHelpers.ParseQuery(reads[0].RequestUri!.Query).ContainsKey("pagination_token"));
        Assert.All(reads.Skip(1), r => Assert.False(string.IsNullOrEmpty(QueryHelpers.ParseQuery(r.RequestUri!.Query)["pagination_token"].ToString())));
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task Reach_asks_for_public_metrics_at_most_a_hundred_ids_at_a_time()
    {
        var x = XAccount.OAuth1(oauth1Prism);
        var ids = Enumerable.Range(0, 101).Select(i => (1_346_889_436_626_259_968L + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        var figures = await x.Adapter.ReachAsync(ids, x.Call(), CancellationToken.None);

        Assert.NotNull(figures);
        var reads = x.Guard.Exchanges;
        Assert.Equal(2, reads.Count);
        Assert.All(reads, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("/2/tweets", r.RequestUri!.AbsolutePath);
            // X's docs name this tweet.fields; OpenAPI 2.167 calls it post.fields, and Prism lets unknown query names through: only this line checks it.
            Assert.Equal("public_metrics", QueryHelpers.ParseQuery(r.RequestUri.Query)["tweet.fields"].ToString());
            AssertSignedWithOAuth1(r);
        });
        Assert.Equal(ids, reads.SelectMany(r => QueryHelpers.ParseQuery(r.RequestUri!.Query)["ids"].ToString().Split(',')));
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task Withdrawing_deletes_every_part_last_first()
    {
        var x = XAccount.OAuth1(oauth1Prism);
        string[] partIds = ["1346889436626259968", "1346889436626259969", "1346889436626259970"];

        await x.Adapter.WithdrawAsync(Post("withdrawn"), partIds, x.Call(), CancellationToken.None);

        // Where X says "deleted": false (Prism's junk may), the adapter reads the post back to see whether it is gone.
        var exchanges = x.Guard.Exchanges;
        var deletes = exchanges.Where(e => e.Method == "DELETE").ToList();
        Assert.Equal(partIds.Reverse().Select(id => $"/2/tweets/{id}"), deletes.Select(d => d.RequestUri!.AbsolutePath));
        Assert.All(exchanges.Except(deletes), e => Assert.Equal("GET /2/tweets", $"{e.Method} {e.RequestUri!.AbsolutePath}"));
        Assert.All(exchanges, AssertSignedWithOAuth1);
        x.Guard.AssertNoViolations();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("client-secret")]
    public async Task An_expired_OAuth_2_token_is_refreshed_at_the_token_endpoint_and_the_post_carries_the_new_bearer(string? clientSecret)
    {
        // X's OpenAPI file has no /2/oauth2/token (only the tokenUrl of its OAuth2UserToken scheme; Prism answers 404):
        // the refresh is answered in process and checked against RFC 6749 §6 and X's OAuth 2.0 docs.
        var x = XAccount.OAuth2(publishedPrism, expiresAt: 0, clientSecret);

        var outcome = await x.Adapter.PublishAsync(Post("Power restored in EX2."), x.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        var refresh = Assert.Single(x.TokenEndpoint.Requests);
        Assert.Equal(new Uri(publishedPrism.BaseAddress, "2/oauth2/token"), refresh.Uri);
        Assert.Equal("POST", refresh.Method);
        Assert.Equal("application/x-www-form-urlencoded", refresh.ContentType);
        Assert.Equal("refresh_token", refresh.Form["grant_type"]);
        Assert.Equal("refresh-1", refresh.Form["refresh_token"]);
        Assert.Equal("client", refresh.Form["client_id"]);
        Assert.Equal(clientSecret is null ? null : "Basic " + Convert.ToBase64String("client:client-secret"u8), refresh.Authorization);

        var saved = Assert.Single(x.SavedSecrets);
        Assert.Equal("access-1", saved["accessToken"]);
        Assert.Equal("refresh-2", saved["refreshToken"]);
        Assert.InRange(long.Parse(saved["expiresAt"], System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 7000, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 7200);

        var create = Assert.Single(x.Guard.Exchanges);
        AssertCreate(create, "Power restored in EX2.", replyTo: null);
        Assert.Contains("Authorization: Bearer access-1\n", create.RequestHeaders, StringComparison.Ordinal);
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_thread_with_an_expired_OAuth_2_token_refreshes_once_and_every_part_carries_the_new_bearer()
    {
        var x = XAccount.OAuth2(publishedPrism, expiresAt: 0);
        string[] parts = ["Flood warning for the Exe (1/3)", "Rest centre at the Corn Exchange (2/3)", "Call 999 if in danger (3/3)"];

        var outcome = await x.Adapter.PublishAsync(Post(parts[0], thread: parts), x.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        Assert.Single(x.TokenEndpoint.Requests);
        Assert.Equal(3, x.Guard.Exchanges.Count);
        Assert.All(x.Guard.Exchanges, e => Assert.Contains("Authorization: Bearer access-1\n", e.RequestHeaders, StringComparison.Ordinal));
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task With_a_live_OAuth_2_token_a_thread_its_lookup_and_its_reach_all_carry_the_bearer_and_X_accepts_them()
    {
        var x = XAccount.OAuth2(publishedPrism, expiresAt: DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        string[] parts = ["Boil water notice (1/3)", "Affected: EX1, EX2 (2/3)", "Bottled water at the Guildhall (3/3)"];

        var posted = await x.Adapter.PublishAsync(Post(parts[0], thread: parts), x.Call(), CancellationToken.None);
        var lookup = await x.Adapter.LookUpAsync(Post("Not posted yet"), x.Call(), DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        var figures = await x.Adapter.ReachAsync(x.RecordedParts, x.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, posted.Kind);
        Assert.NotEqual(true, lookup.Found);
        Assert.NotNull(figures);
        Assert.Empty(x.TokenEndpoint.Requests);
        var exchanges = x.Guard.Exchanges;
        Assert.Equal(new[] { "POST /2/tweets", "POST /2/tweets", "POST /2/tweets" }, exchanges.Take(3).Select(e => $"{e.Method} {e.RequestUri!.AbsolutePath}"));
        Assert.Contains(exchanges, e => e.RequestUri!.AbsolutePath == $"/2/users/{UserId}/tweets");
        Assert.Equal("GET /2/tweets", $"{exchanges[^1].Method} {exchanges[^1].RequestUri!.AbsolutePath}");
        Assert.All(exchanges, e => Assert.Contains("Authorization: Bearer access-0\n", e.RequestHeaders, StringComparison.Ordinal));
        x.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_reply_to_a_malformed_post_id_is_caught_by_the_guard()
    {
        // X's file does not require text, nor give it a minimum length: an empty post passes Prism. A malformed id does not.
        var x = XAccount.OAuth1(oauth1Prism);

        var refused = await Assert.ThrowsAsync<PrismViolationException>(
            () => x.Adapter.PublishAsync(Post("Update", inReplyTo: "x.com/i/web/status/1346889436626259968"), x.Call(), CancellationToken.None));

        var violation = Assert.Single(x.Guard.Violations);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, violation.Status);
        Assert.Contains("reply.in_reply_to_tweet_id", violation.Violations, StringComparison.Ordinal);
        Assert.Contains("pattern", violation.Violations, StringComparison.Ordinal);
        Assert.Same(violation, Assert.Single(refused.Exchanges));
    }

    private static ChannelPost Post(string text, IReadOnlyList<string>? thread = null, string? inReplyTo = null)
    {
        var id = Guid.NewGuid();
        return new ChannelPost(id, Guid.NewGuid(), ChannelNames.X, text, $"{id:N}:x", null, null, thread, inReplyTo, null, null);
    }

    private static void AssertCreate(PrismExchange exchange, string text, string? replyTo)
    {
        Assert.Equal("POST", exchange.Method);
        Assert.Equal("/2/tweets", exchange.RequestUri!.AbsolutePath);
        Assert.Contains("Content-Type: application/json", exchange.RequestHeaders, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(exchange.RequestBody!);
        Assert.Equal(text, body.RootElement.GetProperty("text").GetString());
        if (replyTo is null)
        {
            Assert.False(body.RootElement.TryGetProperty("reply", out _));
        }
        else
        {
            Assert.Equal(replyTo, body.RootElement.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString());
        }
    }

    /// <summary>An RFC 5849 header with X's parameters (the signature itself is checked against ../shared/specs/oauth1 vectors elsewhere).</summary>
    private static void AssertSignedWithOAuth1(PrismExchange exchange)
    {
        var header = exchange.RequestHeaders.Split('\n').Single(l => l.StartsWith("Authorization: ", StringComparison.Ordinal));
        Assert.StartsWith("Authorization: OAuth ", header, StringComparison.Ordinal);
        foreach (var parameter in new[] { "oauth_consumer_key=\"consumer-key\"", "oauth_token=\"370773112-token\"", "oauth_signature_method=\"HMAC-SHA1\"", "oauth_version=\"1.0\"", "oauth_nonce=\"", "oauth_timestamp=\"", "oauth_signature=\"" })
        {
            Assert.Contains(parameter, header, StringComparison.Ordinal);
        }
    }

    /// <summary>One X account whose adapter's HttpClient runs through a guard to Prism (and a stand-in for the token endpoint).</summary>
    private sealed class XAccount
    {
        private readonly PrismFixture _prism;
        private readonly JsonElement _settings;
        private readonly IReadOnlyDictionary<string, string> _secrets;
        private readonly List<IReadOnlyDictionary<string, string>> _saved = [];
        private readonly List<string> _parts = [];

        private XAccount(PrismFixture prism, string auth, IReadOnlyDictionary<string, string> secrets)
        {
            _prism = prism;
            _settings = JsonSerializer.SerializeToElement(new { baseUrl = prism.BaseAddress.ToString(), userId = UserId, auth });
            _secrets = secrets;
            Guard = new PrismViolationGuard { InnerHandler = new SocketsHttpHandler() };
            TokenEndpoint = new XTokenEndpoint { InnerHandler = Guard };
            Adapter = new XAdapter(new HttpClient(TokenEndpoint) { Timeout = TimeSpan.FromSeconds(30) }, TimeProvider.System);
        }

        public PrismViolationGuard Guard { get; }

        public XTokenEndpoint TokenEndpoint { get; }

        public XAdapter Adapter { get; }

        public IReadOnlyList<string> RecordedParts => _parts;

        public IReadOnlyList<IReadOnlyDictionary<string, string>> SavedSecrets => _saved;

        public static XAccount OAuth1(XOAuth1Prism prism) => new(prism, "oauth1", new Dictionary<string, string>
        {
            ["consumerKey"] = "consumer-key",
            ["consumerSecret"] = "consumer-secret",
            ["accessToken"] = "370773112-token",
            ["accessTokenSecret"] = "token-secret",
        });

        public static XAccount OAuth2(XPrism prism, long expiresAt, string? clientSecret = null)
        {
            var secrets = new Dictionary<string, string>
            {
                ["clientId"] = "client",
                ["accessToken"] = "access-0",
                ["refreshToken"] = "refresh-1",
                ["expiresAt"] = expiresAt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (clientSecret is not null)
            {
                secrets["clientSecret"] = clientSecret;
            }

            return new XAccount(prism, "oauth2", secrets);
        }

        public ChannelCall Call() => new(
            ChannelNames.X,
            _settings,
            _secrets,
            [],
            (_, id) =>
            {
                _parts.Add(id);
                return Task.CompletedTask;
            },
            updated =>
            {
                _saved.Add(updated);
                return Task.CompletedTask;
            });

        public override string ToString() => $"X account on {_prism.BaseAddress}";
    }

    /// <summary>
    /// X's OAuth 2.0 token endpoint (<c>POST /2/oauth2/token</c>), answered in process because X's OpenAPI file does not
    /// describe it. Like X, each refresh token works once: the answer carries the next one.
    /// </summary>
    private sealed class XTokenEndpoint : DelegatingHandler
    {
        private readonly List<TokenRequest> _requests = [];
        private int _issued;

        public IReadOnlyList<TokenRequest> Requests => _requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != "/2/oauth2/token")
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var form = QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            _requests.Add(new TokenRequest(request.Method.Method, request.RequestUri, request.Content?.Headers.ContentType?.MediaType, request.Headers.Authorization?.ToString(), form));
            if (form.GetValueOrDefault("grant_type") != "refresh_token" || form.GetValueOrDefault("refresh_token") != $"refresh-{_issued + 1}")
            {
                return Json(HttpStatusCode.BadRequest, new { error = "invalid_request", error_description = "Value passed for the token was invalid." });
            }

            _issued++;
            return Json(HttpStatusCode.OK, new
            {
                token_type = "bearer",
                expires_in = 7200,
                access_token = $"access-{_issued}",
                scope = "tweet.read tweet.write users.read offline.access",
                refresh_token = $"refresh-{_issued + 1}",
            });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
            new(status) { Content = System.Net.Http.Json.JsonContent.Create(body) };
    }

    private sealed record TokenRequest(string Method, Uri Uri, string? ContentType, string? Authorization, Dictionary<string, string> Form);
}
