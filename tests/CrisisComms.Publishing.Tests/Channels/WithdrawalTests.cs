using System.Text.Json;
using System.Xml.Linq;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Signatures;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Publishing.Tests.Channels;

/// <summary>Taking a wrong message down: deleted where the channel allows, cancelled if it has not gone, never re-posted.</summary>
public sealed class WithdrawalTests : ChannelTestBase
{
    [Fact]
    public async Task A_thread_on_X_is_deleted_part_by_part_and_asking_again_changes_nothing()
    {
        await using var x = await FakeXApi.StartAsync();
        await UseXAsync(x);
        var thread = Command(ChannelNames.X, "Part one (1/3)") with { Thread = ["Part one (1/3)", "Part two (2/3)", "Part three (3/3)"] };
        await PublishAndSettleAsync(thread);
        Assert.Equal(3, x.Tweets.Count);

        var entry = await WithdrawAndSettleAsync(thread);
        await Host.Harness.Bus.Publish(Withdraw(thread));
        await Host.Harness.Bus.Publish(thread);

        Assert.Equal("Withdrawn", entry.Text("status"));
        Assert.Empty(x.Tweets);
        Assert.True(await Host.Harness.Published.Any<PostWithdrawn>(m => m.Context.Message.PostId == thread.PostId && m.Context.Message.Detail == "taken down"));
        await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<PostWithdrawn>(m => m.Context.Message.PostId == thread.PostId).Count()),
            n => n >= 3, Patience, "every repeat answered as withdrawn");
        Assert.Equal(3, x.Creates);
        Assert.Empty(x.Violations);
    }

    [Fact]
    public async Task A_withdrawal_that_overtakes_its_post_cancels_it_and_the_post_never_goes_out()
    {
        await using var x = await FakeXApi.StartAsync();
        await UseXAsync(x);
        var command = Command(ChannelNames.X, "Wrong road named: cancel this.");

        var entry = await WithdrawAndSettleAsync(command);
        await Host.Harness.Bus.Publish(command);
        await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Consumed.Select<PublishToChannel>(m => m.Context.Message.PostId == command.PostId).Count()),
            n => n >= 1, Patience, "the publish command handled");

        Assert.Equal("Withdrawn", entry.Text("status"));
        Assert.True(await Host.Harness.Published.Any<PostWithdrawn>(m => m.Context.Message.PostId == command.PostId && m.Context.Message.Detail == "cancelled before it went out"));
        Assert.Equal(0, x.Creates);
    }

    [Fact]
    public async Task Facebook_and_Telegram_posts_are_deleted_and_one_already_gone_counts_as_withdrawn()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        await using var telegram = await FakeTelegramApi.StartAsync();
        await SetAccountAsync(ChannelNames.Facebook, new { baseUrl = $"{graph.BaseAddress}v21.0", pageId = graph.PageId }, new { pageAccessToken = graph.PageAccessToken });
        await SetAccountAsync(ChannelNames.Telegram, new { baseUrl = telegram.BaseAddress.ToString().TrimEnd('/'), chatId = "@demoalerts" }, new { botToken = telegram.BotToken });
        var facebook = Command(ChannelNames.Facebook, "Flood warning for the River Exe.");
        var gone = Command(ChannelNames.Facebook, "Deleted by hand on the page.");
        var message = Command(ChannelNames.Telegram, "Shown text") with { Html = "<b>Flood</b>" };
        await PublishAndSettleAsync(facebook);
        var goneEntry = await PublishAndSettleAsync(gone);
        await PublishAndSettleAsync(message);
        using (var http = new HttpClient())
        {
            // Someone deleted it on Facebook directly before the officer asked.
            await http.DeleteAsync(new Uri($"{graph.BaseAddress}v21.0/{goneEntry.Text("channelPostId")}?access_token={graph.PageAccessToken}"));
        }

        Assert.Equal("Withdrawn", (await WithdrawAndSettleAsync(facebook)).Text("status"));
        Assert.Equal("Withdrawn", (await WithdrawAndSettleAsync(gone)).Text("status"));
        Assert.Equal("Withdrawn", (await WithdrawAndSettleAsync(message)).Text("status"));

        Assert.Empty(graph.Posts);
        Assert.Empty(telegram.Messages);
        Assert.Equal(1, telegram.Deletions);
        Assert.Empty(graph.Violations);
        Assert.Empty(telegram.Violations);
    }

    [Fact]
    public async Task The_public_page_keeps_a_notice_in_its_place_and_the_feeds_drop_it()
    {
        var incident = Guid.NewGuid();
        var wrong = Command(ChannelNames.Web, "Avoid Bonhay Road.", incidentId: incident) with { Subject = "Flood warning", Html = "<p>Avoid Bonhay Road.</p>" };
        var right = Command(ChannelNames.Web, "Avoid Okehampton Street.", incidentId: incident) with { Subject = "Corrected flood warning", Html = "<p>Avoid Okehampton Street.</p>" };
        await PublishAndSettleAsync(wrong);
        await PublishAndSettleAsync(right);

        await WithdrawAndSettleAsync(wrong);

        var page = await Host.AnonymousClient.GetStringAsync(new Uri($"/public/incidents/{incident}", UriKind.Relative));
        var rss = XDocument.Parse(await Host.AnonymousClient.GetStringAsync(new Uri($"/public/feeds/rss?incidentId={incident}", UriKind.Relative)));
        Assert.DoesNotContain("Avoid Bonhay Road.", page, StringComparison.Ordinal);
        Assert.Contains("This message was withdrawn at", page, StringComparison.Ordinal);
        Assert.Contains("Avoid Okehampton Street.", page, StringComparison.Ordinal);
        Assert.Equal(["Corrected flood warning"], rss.Descendants("item").Select(i => i.Element("title")!.Value));
    }

    [Fact]
    public async Task Webhook_subscribers_that_received_the_post_get_a_signed_withdrawal()
    {
        var received = new List<(string Signature, byte[] Body)>();
        await using var receiver = await WebhookReceiver.StartAsync(received);
        var created = await Host.Client.PostJsonAsync("/api/v1/channels/webhook/subscriptions", new { name = "Police control room", url = receiver.Url });
        var command = Command(ChannelNames.Webhook, "Flood warning");
        await PublishAndSettleAsync(command);

        await WithdrawAndSettleAsync(command);

        Assert.Equal(2, received.Count);
        var (signature, body) = received[1];
        using var withdrawal = JsonDocument.Parse(body);
        Assert.Equal("post.withdrawn", withdrawal.RootElement.GetProperty("type").GetString());
        Assert.Equal(command.PostId, withdrawal.RootElement.GetProperty("postId").GetGuid());
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(body, signature, [created.Text("newSecret")], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task A_text_message_cannot_be_recalled_and_the_officer_is_told_so()
    {
        var command = Command(ChannelNames.Sms, "Sandbags at the Civic Centre.");
        await PublishAndSettleAsync(command);

        await Host.Harness.Bus.Publish(Withdraw(command));

        var failed = await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<PostWithdrawFailed>(m => m.Context.Message.PostId == command.PostId).Select(m => m.Context.Message).FirstOrDefault()),
            m => m is not null, Patience, "withdrawal refused");
        Assert.Contains("cannot be recalled", failed!.Reason, StringComparison.Ordinal);
        var entry = await SettledAsync(command);
        Assert.Equal("Sent", entry.Text("status"));
    }

    private Task UseXAsync(FakeXApi x) => SetAccountAsync(
        ChannelNames.X,
        new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1" },
        new { consumerKey = x.ConsumerKey, consumerSecret = "consumer-secret", accessToken = "token", accessTokenSecret = "token-secret" });

    private static WithdrawFromChannel Withdraw(PublishToChannel command) =>
        new(command.PostId, command.IncidentId, command.Channel, command.IdempotencyKey, "Wrong road named in the warning", "olu");

    private async Task<JsonElement> WithdrawAndSettleAsync(PublishToChannel command)
    {
        await Host.Harness.Bus.Publish(Withdraw(command));
        return await Eventually.GetAsync(
            async () => (await Host.Client.GetJsonAsync($"/api/v1/publishing/ledger?postId={command.PostId}&channel={command.Channel}")).EnumerateArray().SingleOrDefault(),
            e => e.ValueKind == JsonValueKind.Object && e.Text("status") == "Withdrawn",
            Patience,
            $"{command.Channel} withdrawn");
    }
}
