using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using Xunit;

namespace CrisisComms.Monitoring.Tests.Sources;

public sealed class TelegramSourceTests : MonitoringTest
{
    [Fact]
    public async Task Updates_are_read_from_the_offset_and_confirmed_only_after_they_are_stored()
    {
        await using var telegram = await StartTelegramAsync();
        var dm = telegram.Say(5001, "private", 5001, "Sam", "sam_exeter", "Is the school open tomorrow?");
        telegram.Say(-100200, "supergroup", 5002, "Ann", null, "Road flooded at Topsham", chatUsername: "exeterflood");
        telegram.Say(-100200, "supergroup", 123456, "Bot", "demo_bot", "our own message");
        telegram.Say(-100200, "supergroup", 5003, "Lee", null, null);

        var first = await PollAsync(SourceTypes.Telegram);
        var announced = await AnnouncedAsync("telegram", 2);
        var unconfirmed = telegram.Unconfirmed;
        var second = await PollAsync(SourceTypes.Telegram);

        Assert.Equal(PollOutcome.Polled, first.Outcome);
        Assert.Equal(2, first.New);
        var direct = Assert.Single(announced, m => m.Kind == "DirectMessage");
        Assert.Equal(("@sam_exeter", "5001", "telegram"), (direct.Author, direct.AuthorId, direct.Source));
        var group = Assert.Single(announced, m => m.Kind == "Comment");
        Assert.StartsWith("https://t.me/exeterflood/", group.Url, StringComparison.Ordinal);
        Assert.Equal(4, unconfirmed);
        Assert.Equal(0, second.New);
        Assert.Equal(0, telegram.Unconfirmed);
        Assert.Equal((dm + 4).ToString(System.Globalization.CultureInfo.InvariantCulture), (await StateAsync(SourceTypes.Telegram))!.Cursor);
        AssertNoViolations(telegram);
    }

    [Fact]
    public async Task An_update_that_cannot_be_read_is_skipped_and_the_rest_are_kept()
    {
        await using var telegram = await StartTelegramAsync();
        telegram.SayRaw(id => $$$"""{"update_id":{{{id}}},"message":{"message_id":"not a number","chat":{"id":1,"type":"private"},"text":"odd"}}""");
        telegram.Say(5001, "private", 5001, "Sam", null, "Fine message");

        var report = await PollAsync(SourceTypes.Telegram);
        var announced = await AnnouncedAsync("telegram", 1);

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(1, report.Rejected);
        Assert.Equal("Fine message", Assert.Single(announced).Text);
        Assert.Equal(0, (await PollAsync(SourceTypes.Telegram)).New);
    }

    [Fact]
    public async Task Telegram_s_retry_after_is_honoured()
    {
        await using var telegram = await StartTelegramAsync();
        telegram.Faults.RateLimitNext(1, TimeSpan.FromSeconds(30));
        telegram.Say(5001, "private", 5001, "Sam", null, "hello");

        var limited = await PollAsync(SourceTypes.Telegram);
        var waiting = await PollAsync(SourceTypes.Telegram);
        Clock.Advance(TimeSpan.FromSeconds(31));
        var later = await PollAsync(SourceTypes.Telegram);

        Assert.Equal(PollOutcome.Paced, limited.Outcome);
        Assert.Equal(PollOutcome.BackingOff, waiting.Outcome);
        Assert.Equal(PollOutcome.Polled, later.Outcome);
        Assert.Equal(1, later.New);
        Assert.DoesNotContain(Logs.Lines, l => l.Contains(telegram.BotToken, StringComparison.Ordinal));
    }

    private async Task<FakeTelegramApi> StartTelegramAsync()
    {
        var telegram = await FakeTelegramApi.StartAsync();
        await SetAccountAsync("telegram", new { baseUrl = telegram.BaseAddress.ToString() }, new { botToken = telegram.BotToken });
        return telegram;
    }
}
