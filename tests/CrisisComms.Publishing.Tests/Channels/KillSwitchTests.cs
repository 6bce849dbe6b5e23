using CrisisComms.Contracts.Publishing;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Publishing.Tests.Channels;

public sealed class KillSwitchTests : ChannelTestBase
{
    [Fact]
    public async Task A_failing_channel_is_paused_while_the_others_keep_going_and_what_waited_goes_on_resume()
    {
        await using var x = await FakeXApi.StartAsync();
        await using var telegram = await FakeTelegramApi.StartAsync();
        x.Faults.FailNext(1000, 503);
        await SetAccountAsync(ChannelNames.X, new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1", postsPerWindow = 1000, windowMinutes = 1 },
            new { consumerKey = x.ConsumerKey, consumerSecret = "s", accessToken = "t", accessTokenSecret = "s" });
        await SetAccountAsync(ChannelNames.Telegram, new { baseUrl = telegram.BaseAddress.ToString().TrimEnd('/'), chatId = "@demo" }, new { botToken = telegram.BotToken });
        var xCommand = Command(ChannelNames.X, "Will wait");

        await Host.Harness.Bus.Publish(xCommand);
        Assert.True(await Host.Harness.Published.Any<ChannelPaused>(m => m.Context.Message.Channel == "x" && m.Context.Message.Automatic));
        var telegramEntry = await PublishAndSettleAsync(Command(ChannelNames.Telegram, "Goes anyway"));
        var channels = await Host.Client.GetJsonAsync("/api/v1/channels");
        var xView = channels.EnumerateArray().Single(c => c.Text("channel") == "x");

        Assert.Equal("Sent", telegramEntry.Text("status"));
        Assert.True(xView.GetProperty("paused").GetBoolean());
        Assert.Contains("503", xView.Text("lastError"), StringComparison.Ordinal);
        Assert.Empty(x.Tweets);

        // The channel recovers; an officer resumes it; what waited goes.
        x.Faults.FailNext(0, 503);
        await Host.Client.PostJsonAsync("/api/v1/channels/x/resume", new { }, System.Net.HttpStatusCode.OK);
        var entry = await SettledAsync(xCommand);

        Assert.Equal("Sent", entry.Text("status"));
        Assert.Single(x.Tweets);
    }
}
