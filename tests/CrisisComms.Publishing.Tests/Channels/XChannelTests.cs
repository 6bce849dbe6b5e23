using System.Net;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Publishing.Tests.Channels;

public sealed class XChannelTests : ChannelTestBase
{
    private const string ConsumerSecret = "consumer-secret-do-not-log";

    [Fact]
    public async Task A_post_goes_to_X_signed_with_OAuth_1_and_comes_back_with_its_id()
    {
        await using var x = await FakeXApi.StartAsync();
        await UseOAuth1Async(x);
        var command = Command(ChannelNames.X, "The A38 is closed at Haldon Hill. #DCCSnow");

        var entry = await PublishAndSettleAsync(command);

        var tweet = Assert.Single(x.Tweets);
        Assert.Equal("Sent", entry.Text("status"));
        Assert.Equal(tweet.Id, entry.Text("channelPostId"));
        Assert.Equal("The A38 is closed at Haldon Hill. #DCCSnow", tweet.Text);
        Assert.True(await Host.Harness.Published.Any<PostPublished>(m => m.Context.Message.PostId == command.PostId && m.Context.Message.ChannelPostId == tweet.Id));
        Assert.Empty(x.Violations);
    }

    [Fact]
    public async Task A_thread_posts_each_part_as_a_reply_to_the_one_before_and_a_follow_up_replies_to_the_original()
    {
        await using var x = await FakeXApi.StartAsync();
        await UseOAuth1Async(x);
        var original = await PublishAndSettleAsync(Command(ChannelNames.X, "Original warning"));
        var thread = Command(ChannelNames.X, "Part one (1/3)") with { Thread = ["Part one (1/3)", "Part two (2/3)", "Part three (3/3)"], InReplyTo = original.Text("channelPostId") };

        var entry = await PublishAndSettleAsync(thread);

        var tweets = x.Tweets;
        Assert.Equal(4, tweets.Count);
        Assert.Equal(original.Text("channelPostId"), tweets[1].InReplyTo);
        Assert.Equal(tweets[1].Id, tweets[2].InReplyTo);
        Assert.Equal(tweets[2].Id, tweets[3].InReplyTo);
        Assert.Equal(tweets[1].Id, entry.Text("channelPostId"));
        Assert.Equal(3, entry.GetProperty("partIds").GetArrayLength());
    }

    [Fact]
    public async Task A_lost_answer_leaves_the_outcome_unknown_until_the_post_is_found_on_the_timeline_and_it_is_never_posted_twice()
    {
        await using var x = await FakeXApi.StartAsync();
        x.Faults.DropResponses = true;
        await UseOAuth1Async(x);
        var command = Command(ChannelNames.X, "Rest centre open at the Corn Exchange.");

        var entry = await PublishAndSettleAsync(command);

        Assert.Equal("Sent", entry.Text("status"));
        Assert.Equal(x.Tweets.Single().Id, entry.Text("channelPostId"));
        Assert.Equal(1, x.Creates);
    }

    [Fact]
    public async Task X_refusing_a_duplicate_means_it_was_sent_before_and_it_is_found()
    {
        await using var x = await FakeXApi.StartAsync();
        await UseOAuth1Async(x);
        var first = await PublishAndSettleAsync(Command(ChannelNames.X, "Boil water notice lifted."));

        // The same text for another post (X keeps one): treated as sent and found, not failed.
        var second = await PublishAndSettleAsync(Command(ChannelNames.X, "Boil water notice lifted."));

        Assert.Equal("Sent", second.Text("status"));
        Assert.Equal(first.Text("channelPostId"), second.Text("channelPostId"));
        Assert.Single(x.Tweets);
    }

    [Fact]
    public async Task A_rate_limit_is_honoured_until_its_reset_and_then_the_post_goes()
    {
        await using var x = await FakeXApi.StartAsync();
        x.Faults.RateLimitNext(1, TimeSpan.FromSeconds(2));
        await UseOAuth1Async(x);
        var command = Command(ChannelNames.X, "Schools closed today.");
        var started = DateTimeOffset.UtcNow;

        await Host.Harness.Bus.Publish(command);
        var waiting = await Eventually.GetAsync(
            async () => (await Host.Client.GetJsonAsync($"/api/v1/publishing/ledger?postId={command.PostId}")).EnumerateArray().SingleOrDefault(),
            e => e.ValueKind == System.Text.Json.JsonValueKind.Object && e.Text("status") == "Pending" && e.GetProperty("nextAttemptAt").ValueKind != System.Text.Json.JsonValueKind.Null,
            Patience, "deferred by the rate limit");
        var entry = await SettledAsync(command);

        Assert.Contains("429", waiting.Text("error"), StringComparison.Ordinal);
        Assert.True(waiting.GetProperty("nextAttemptAt").GetDateTimeOffset() >= started.AddSeconds(1), "waited for x-rate-limit-reset");
        Assert.Equal("Sent", entry.Text("status"));
    }

    [Fact]
    public async Task A_revoked_token_fails_for_good_with_X_s_own_words()
    {
        await using var x = await FakeXApi.StartAsync(f => f.BearerTokens.Clear());
        await SetAccountAsync(ChannelNames.X,
            new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1", postsPerWindow = 1000, windowMinutes = 1 },
            new { consumerKey = "revoked-key", consumerSecret = ConsumerSecret, accessToken = "t", accessTokenSecret = "s" });
        var command = Command(ChannelNames.X, "Update");

        var entry = await PublishAndSettleAsync(command);

        Assert.Equal("Failed", entry.Text("status"));
        Assert.Contains("401 Unauthorized", entry.Text("error"), StringComparison.Ordinal);
        Assert.True(await Host.Harness.Published.Any<PostFailed>(m => m.Context.Message.PostId == command.PostId && m.Context.Message.Permanent));
    }

    [Fact]
    public async Task An_expired_OAuth_2_token_is_refreshed_and_the_new_pair_is_kept_encrypted()
    {
        await using var x = await FakeXApi.StartAsync();
        await SetAccountAsync(ChannelNames.X,
            new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth2", postsPerWindow = 1000, windowMinutes = 1 },
            new { clientId = "client", accessToken = "expired", refreshToken = "refresh-1", expiresAt = "0" });

        var entry = await PublishAndSettleAsync(Command(ChannelNames.X, "Power restored in EX2."));

        Assert.Equal("Sent", entry.Text("status"));
        Assert.Equal(1, x.Refreshes);
        var stored = await Host.InScopeAsync(sp => sp.GetRequiredService<PublishingDbContext>().ChannelAccounts.AsNoTracking().SingleAsync(a => a.Channel == "x"));
        var raw = System.Text.Encoding.UTF8.GetString(stored.Secrets!);
        Assert.DoesNotContain("refresh-", raw, StringComparison.Ordinal);
        Assert.DoesNotContain(x.BearerTokens.Keys.Single(), raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_are_write_only_encrypted_at_rest_rotated_without_a_restart_and_never_logged()
    {
        await using var x = await FakeXApi.StartAsync();
        await UseOAuth1Async(x);
        var channels = await Host.Client.GetJsonAsync("/api/v1/channels");
        var view = channels.EnumerateArray().Single(c => c.Text("channel") == "x");
        var stored = await Host.InScopeAsync(sp => sp.GetRequiredService<PublishingDbContext>().ChannelAccounts.AsNoTracking().SingleAsync(a => a.Channel == "x"));

        Assert.Equal("live", view.Text("mode"));
        Assert.Equal(["accessToken", "accessTokenSecret", "consumerKey", "consumerSecret"], view.GetProperty("credentialsSet").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(ConsumerSecret, channels.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ConsumerSecret, System.Text.Encoding.UTF8.GetString(stored.Secrets!), StringComparison.Ordinal);

        // Rotate: the next post is signed with the new key.
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/channels/x", new
        {
            settings = new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1", postsPerWindow = 1000, windowMinutes = 1 },
            credentials = new { consumerKey = "new-consumer-key", consumerSecret = "new-secret", accessToken = "t2", accessTokenSecret = "s2" },
        });
        var refused = await PublishAndSettleAsync(Command(ChannelNames.X, "After rotation"));

        Assert.Equal("Failed", refused.Text("status")); // the fake only knows the old key: the new one was used
        Assert.Equal(2, (await Host.Client.GetJsonAsync("/api/v1/channels")).EnumerateArray().Single(c => c.Text("channel") == "x").GetProperty("credentialsVersion").GetInt32());
        Assert.DoesNotContain(Logs.Lines, l => l.Contains(ConsumerSecret, StringComparison.Ordinal) || l.Contains("new-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setting_credentials_is_for_admins()
    {
        var problem = await Host.ClientAs("olu", Platform.Security.Roles.Officer).SendJsonAsync(HttpMethod.Put, "/api/v1/channels/x", new { enabled = true }, HttpStatusCode.Forbidden);

        Assert.Equal(403, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task New_credentials_take_effect_on_the_next_call_without_a_restart()
    {
        await using var x = await FakeXApi.StartAsync(f => f.ConsumerKey = "rotated-consumer-key");
        await SetAccountAsync(ChannelNames.X,
            new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1" },
            new { consumerKey = "revoked-consumer-key", consumerSecret = ConsumerSecret, accessToken = "370773112-token", accessTokenSecret = "token-secret" });
        var refused = await PublishAndSettleAsync(Command(ChannelNames.X, "Before the rotation"));

        await UseOAuth1Async(x);
        await Host.Client.PostJsonAsync("/api/v1/channels/x/resume", new { }, HttpStatusCode.OK);
        var sent = await PublishAndSettleAsync(Command(ChannelNames.X, "After the rotation"));

        Assert.Equal("Failed", refused.Text("status"));
        Assert.Equal("Sent", sent.Text("status"));
        Assert.Equal("After the rotation", Assert.Single(x.Tweets).Text);
    }

    private Task UseOAuth1Async(FakeXApi x) => SetAccountAsync(ChannelNames.X,
        new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1", postsPerWindow = 1000, windowMinutes = 1 },
        new { consumerKey = x.ConsumerKey, consumerSecret = ConsumerSecret, accessToken = "370773112-token", accessTokenSecret = "token-secret" });
}
