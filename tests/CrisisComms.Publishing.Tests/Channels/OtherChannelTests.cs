using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Signatures;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Publishing.Tests.Channels;

public sealed class OtherChannelTests : ChannelTestBase
{
    [Fact]
    public async Task Facebook_posts_to_the_page_feed_and_a_follow_up_comments_under_the_original()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        await SetAccountAsync(ChannelNames.Facebook, new { baseUrl = $"{graph.BaseAddress}v21.0", pageId = graph.PageId }, new { pageAccessToken = graph.PageAccessToken });

        var original = await PublishAndSettleAsync(Command(ChannelNames.Facebook, "Flood warning for the River Exe."));
        var reply = await PublishAndSettleAsync(Command(ChannelNames.Facebook, "Update: levels falling.") with { InReplyTo = original.Text("channelPostId") });

        Assert.Equal(["Flood warning for the River Exe.", "Update: levels falling."], graph.Posts.Select(p => p.Message));
        Assert.Equal(original.Text("channelPostId"), graph.Posts[1].Parent);
        Assert.Equal("Sent", reply.Text("status"));
        Assert.Empty(graph.Violations);
    }

    [Fact]
    public async Task Facebook_s_invalid_token_error_goes_to_the_officer_as_Meta_words_it()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        await SetAccountAsync(ChannelNames.Facebook, new { baseUrl = $"{graph.BaseAddress}v21.0", pageId = graph.PageId }, new { pageAccessToken = "revoked" });

        var entry = await PublishAndSettleAsync(Command(ChannelNames.Facebook, "Hello"));

        Assert.Equal("Failed", entry.Text("status"));
        Assert.Contains("Invalid OAuth access token", entry.Text("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SMS_goes_to_each_subscriber_once_and_delivery_comes_back_per_recipient_through_signed_callbacks()
    {
        await using var twilio = await FakeTwilioApi.StartAsync(f => f.InvalidNumbers.Add("+447700900999"));
        var callback = new Uri(Host.Client.BaseAddress!, "/api/v1/publishing/twilio/status").ToString();
        await SetAccountAsync(ChannelNames.Sms,
            new { baseUrl = twilio.BaseAddress.ToString(), accountSid = twilio.AccountSid, from = "+447700900000", statusCallback = callback, groups = "residents" },
            new { authToken = twilio.AuthToken });
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/channels/sms/groups/residents", new { addresses = new[] { "+447700900111", "+447700900222", "+447700900999" } });
        var command = Command(ChannelNames.Sms, "Flood warning: move valuables upstairs.");

        var entry = await PublishAndSettleAsync(command);

        Assert.Equal("Sent", entry.Text("status"));
        Assert.Equal(["+447700900111", "+447700900222"], twilio.Messages.Select(m => m.To).Order());
        // Twilio's callbacks reach us through the host's own server here.
        using var http = Host.AnonymousClient;
        foreach (var message in twilio.Messages)
        {
            var form = new Dictionary<string, string> { ["AccountSid"] = twilio.AccountSid, ["From"] = message.From, ["MessageSid"] = message.Sid, ["MessageStatus"] = "delivered", ["To"] = message.To };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/publishing/twilio/status") { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature", twilio.Sign(callback, form));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        var forged = new Dictionary<string, string> { ["MessageSid"] = twilio.Messages[0].Sid, ["MessageStatus"] = "failed" };
        using var forgedRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/publishing/twilio/status") { Content = new FormUrlEncodedContent(forged) };
        forgedRequest.Headers.Add("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl");
        using var refused = await http.SendAsync(forgedRequest);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var delivery = await Eventually.GetAsync(
            () => Task.FromResult(Host.Harness.Published.Select<SmsDeliveryUpdated>(m => m.Context.Message.PostId == command.PostId).Select(m => m.Context.Message).OrderBy(m => m.Delivered).LastOrDefault()),
            m => m is { Delivered: 2 }, Patience, "both deliveries reported");
        Assert.Equal(3, delivery!.Recipients);
        Assert.Equal(1, delivery.Failed);
    }

    [Fact]
    public async Task Email_goes_to_the_distribution_list_in_Bcc_over_a_real_SMTP_server()
    {
        await using var smtp = FakeSmtpServer.Start();
        await SetAccountAsync(ChannelNames.Email, new { host = "127.0.0.1", port = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), security = "None", from = "alerts@demo.example", fromName = "Demo County Council", groups = "partners" }, new { });
        await Host.Client.SendJsonAsync(HttpMethod.Put, "/api/v1/channels/email/groups/partners", new { addresses = new[] { "control@police.example", "duty@fire.example" } });
        var command = Command(ChannelNames.Email, "Plain body") with { Subject = "[Demo County Council] Flood warning", Html = "<p>HTML body</p>" };

        var entry = await PublishAndSettleAsync(command);

        Assert.Equal("Sent", entry.Text("status"));
        var (message, recipients) = Assert.Single(smtp.Received);
        Assert.Equal("[Demo County Council] Flood warning", message.Subject);
        Assert.Equal(["alerts@demo.example", "control@police.example", "duty@fire.example"], recipients.Order());
        Assert.Empty(message.Bcc); // Bcc goes in the envelope only, never in the headers
        Assert.Equal("<p>HTML body</p>", message.HtmlBody?.Trim());
        Assert.Equal($"{command.PostId:N}.0@crisiscomms", message.MessageId);
    }

    [Fact]
    public async Task Telegram_gets_the_HTML_rendering_and_a_429_waits_its_retry_after()
    {
        await using var telegram = await FakeTelegramApi.StartAsync();
        telegram.Faults.RateLimitNext(1, TimeSpan.FromSeconds(1));
        await SetAccountAsync(ChannelNames.Telegram, new { baseUrl = telegram.BaseAddress.ToString().TrimEnd('/'), chatId = "@demoalerts" }, new { botToken = telegram.BotToken });
        var command = Command(ChannelNames.Telegram, "Shown text") with { Html = "<b>Flood &amp; roads</b>\n\nAvoid the river." };

        var entry = await PublishAndSettleAsync(command);

        Assert.Equal("Sent", entry.Text("status"));
        var message = Assert.Single(telegram.Messages);
        Assert.Equal("<b>Flood &amp; roads</b>\n\nAvoid the river.", message.Text);
        Assert.Equal("HTML", message.ParseMode);
        Assert.Equal(2, entry.GetProperty("attempts").GetInt32());
        Assert.Empty(telegram.Violations);
    }

    [Fact]
    public async Task Webhooks_are_signed_with_every_current_secret_during_a_rotation()
    {
        var received = new List<(string Signature, byte[] Body)>();
        await using var receiver = await WebhookReceiver.StartAsync(received);
        var created = await Host.Client.PostJsonAsync("/api/v1/channels/webhook/subscriptions", new { name = "Police control room", url = receiver.Url });
        var rotated = await Host.Client.PostJsonAsync($"/api/v1/channels/webhook/subscriptions/{created.Id()}/rotate", new { }, HttpStatusCode.OK);

        var entry = await PublishAndSettleAsync(Command(ChannelNames.Webhook, "Flood warning"));

        Assert.Equal("Sent", entry.Text("status"));
        var (signature, body) = Assert.Single(received);
        var now = DateTimeOffset.UtcNow;
        Assert.True(WebhookSignature.Verify(body, signature, [created.Text("newSecret")], now, TimeSpan.FromMinutes(5)) == WebhookVerification.Valid, "the old secret still verifies");
        Assert.True(WebhookSignature.Verify(body, signature, [rotated.Text("newSecret")], now, TimeSpan.FromMinutes(5)) == WebhookVerification.Valid, "the new secret verifies");
        Assert.Equal("Flood warning", JsonDocument.Parse(body).RootElement.GetProperty("text").GetString());

        // The partner switched: the old secret is retired and no longer signs.
        var retired = await Host.Client.PostJsonAsync($"/api/v1/channels/webhook/subscriptions/{created.Id()}/retire-old-secrets", new { }, HttpStatusCode.OK);
        await PublishAndSettleAsync(Command(ChannelNames.Webhook, "Second warning"));
        var (laterSignature, laterBody) = received[1];
        Assert.Equal(1, retired.GetProperty("secretsInUse").GetInt32());
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(laterBody, laterSignature, [rotated.Text("newSecret")], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.Equal(WebhookVerification.NoMatchingSignature, WebhookSignature.Verify(laterBody, laterSignature, [created.Text("newSecret")], DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task The_public_page_RSS_Atom_and_CAP_feed_show_what_was_published()
    {
        var incident = Guid.NewGuid();
        var web = Command(ChannelNames.Web, "Avoid Bonhay Road.", incidentId: incident) with { Subject = "Flood warning", Html = "<article><h2>Flood warning</h2><p>Avoid Bonhay Road.</p></article>" };
        var capXml = await File.ReadAllTextAsync(RepositoryRoot.Shared("specs", "cap", "examples", "cap12-appendix-A2.xml"));
        var cap = Command(ChannelNames.Cap, "Severe thunderstorm", postId: web.PostId, incidentId: incident) with { Subject = "Severe thunderstorm", CapXml = capXml };
        await PublishAndSettleAsync(web);
        await PublishAndSettleAsync(cap);

        var page = await Host.AnonymousClient.GetStringAsync(new Uri($"/public/incidents/{incident}", UriKind.Relative));
        var rss = XDocument.Parse(await Host.AnonymousClient.GetStringAsync(new Uri("/public/feeds/rss", UriKind.Relative)));
        var atom = XDocument.Parse(await Host.AnonymousClient.GetStringAsync(new Uri("/public/feeds/atom", UriKind.Relative)));
        var capFeed = XDocument.Parse(await Host.AnonymousClient.GetStringAsync(new Uri("/public/feeds/cap", UriKind.Relative)));
        XNamespace a = "http://www.w3.org/2005/Atom";
        var alertLink = capFeed.Descendants(a + "link").Single(l => (string?)l.Attribute("type") == "application/cap+xml").Attribute("href")!.Value;
        using var alert = await Host.AnonymousClient.GetAsync(new Uri(new Uri(alertLink).PathAndQuery, UriKind.Relative));

        Assert.Contains("<p>Avoid Bonhay Road.</p>", page, StringComparison.Ordinal);
        Assert.Equal("Flood warning", rss.Descendants("item").Single().Element("title")!.Value);
        Assert.Equal("Flood warning", atom.Descendants(a + "entry").Single().Element(a + "title")!.Value);
        Assert.Equal("application/cap+xml", alert.Content.Headers.ContentType!.MediaType);
        Assert.Empty(Xsd.Validate(await alert.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Reach_figures_are_fetched_on_schedule_and_announced()
    {
        await using var x = await FakeXApi.StartAsync();
        await SetAccountAsync(ChannelNames.X, new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1" },
            new { consumerKey = x.ConsumerKey, consumerSecret = "s", accessToken = "t", accessTokenSecret = "s" });
        var command = Command(ChannelNames.X, "How far did this go?");
        await PublishAndSettleAsync(command);
        x.Tweets.Single().Impressions = 1234;

        await Host.Harness.Bus.Publish(new RefreshReach());

        Assert.True(await Host.Harness.Published.Any<ReachUpdated>(m => m.Context.Message.PostId == command.PostId && m.Context.Message.Impressions == 1234));
    }
}
