using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Publishing.Tests.Channels;

/// <summary>Answers from the triage queue: on the mention's own channel, to the one person, threaded, once.</summary>
public sealed class ReplyTests : ChannelTestBase
{
    [Fact]
    public async Task A_reply_on_X_is_threaded_under_the_mention_and_a_repeated_request_sends_nothing_more()
    {
        await using var x = await FakeXApi.StartAsync();
        await SetAccountAsync(ChannelNames.X,
            new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1" },
            new { consumerKey = x.ConsumerKey, consumerSecret = "consumer-secret", accessToken = "token", accessTokenSecret = "token-secret" });
        var mention = x.AddPublicTweet("2244994945", "@DevonCC where can I get sandbags?");
        var reply = new ReplyRequested(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ChannelNames.X, mention.Id, null, "@resident Sandbags are at the Civic Centre until 8pm.", "olu");

        await Host.Harness.Bus.Publish(reply);
        var sent = await SentAsync(reply);
        await Host.Harness.Bus.Publish(reply);
        await Host.Harness.Bus.Publish(reply with { });

        var tweet = Assert.Single(x.Tweets, t => t.Id != mention.Id);
        Assert.Equal(mention.Id, tweet.InReplyTo);
        Assert.Equal(tweet.Id, sent.ChannelPostId);
        Assert.Equal(reply.ItemId, sent.ItemId);
        Assert.False(await Host.Harness.Published.Any<PostPublished>(m => m.Context.Message.PostId == reply.ReplyId), "a reply is not announced as a post");
        Assert.Empty(x.Violations);
    }

    [Fact]
    public async Task An_SMS_reply_goes_only_to_the_person_who_wrote_not_to_the_subscribers()
    {
        await using var twilio = await FakeTwilioApi.StartAsync();
        await SetAccountAsync(ChannelNames.Sms,
            new { baseUrl = twilio.BaseAddress.ToString(), accountSid = twilio.AccountSid, from = "+447700900000", groups = "residents" },
            new { authToken = twilio.AuthToken });
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/channels/sms/groups/residents", new { addresses = new[] { "+447700900111", "+447700900222" } });
        var reply = new ReplyRequested(Guid.NewGuid(), Guid.NewGuid(), null, ChannelNames.Sms, "SM" + new string('1', 32), "+447700900555", "Thanks — a crew is on its way.", "olu");

        await Host.Harness.Bus.Publish(reply);
        await SentAsync(reply);

        var text = Assert.Single(twilio.Messages);
        Assert.Equal("+447700900555", text.To);
        Assert.Equal("Thanks — a crew is on its way.", text.Body);
    }

    [Fact]
    public async Task An_email_reply_is_addressed_to_the_sender_and_threaded_with_In_Reply_To()
    {
        await using var smtp = FakeSmtpServer.Start();
        await SetAccountAsync(ChannelNames.Email, new { host = "127.0.0.1", port = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), security = "None", from = "alerts@demo.example", groups = "partners" }, new { });
        var reply = new ReplyRequested(Guid.NewGuid(), Guid.NewGuid(), null, ChannelNames.Email, "<CAB123@mail.example>", "resident@mail.example", "The rest centre is open all night.", "olu");

        await Host.Harness.Bus.Publish(reply);
        await SentAsync(reply);

        var (message, recipients) = Assert.Single(smtp.Received);
        Assert.Equal(["resident@mail.example"], recipients);
        Assert.Equal("CAB123@mail.example", message.InReplyTo);
        Assert.Contains("CAB123@mail.example", message.References);
    }

    [Fact]
    public async Task A_reply_that_cannot_be_sent_is_refused_with_the_reason_for_the_officer()
    {
        var onWeb = new ReplyRequested(Guid.NewGuid(), Guid.NewGuid(), null, ChannelNames.Web, null, null, "Hello", "olu");
        var smsWithoutNumber = new ReplyRequested(Guid.NewGuid(), Guid.NewGuid(), null, ChannelNames.Sms, null, null, "Hello", "olu");

        await Host.Harness.Bus.Publish(onWeb);
        await Host.Harness.Bus.Publish(smsWithoutNumber);

        Assert.Contains("not possible", (await FailedAsync(onWeb)).Reason, StringComparison.Ordinal);
        Assert.Contains("number", (await FailedAsync(smsWithoutNumber)).Reason, StringComparison.Ordinal);
    }

    private async Task<ReplySent> SentAsync(ReplyRequested reply) =>
        (await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<ReplySent>(m => m.Context.Message.ReplyId == reply.ReplyId).Select(m => m.Context.Message).FirstOrDefault()),
            m => m is not null, Patience, "reply sent"))!;

    private async Task<ReplyFailed> FailedAsync(ReplyRequested reply) =>
        (await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<ReplyFailed>(m => m.Context.Message.ReplyId == reply.ReplyId).Select(m => m.Context.Message).FirstOrDefault()),
            m => m is not null, Patience, "reply refused"))!;
}
