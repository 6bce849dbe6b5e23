using System.Net;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Monitoring.Tests.Sources;

public sealed class SmsSourceTests : MonitoringTest
{
    private const string WebhookUrl = "http://localhost/api/v1/monitoring/webhooks/twilio/sms";
    private const string OurNumber = "+447700900100";

    [Fact]
    public async Task A_text_to_our_number_arrives_by_signed_webhook_and_is_answered_with_empty_TwiML()
    {
        await using var twilio = await StartTwilioAsync();
        var text = twilio.Receive("+447700900555", OurNumber, "Water coming under the door at 12 Exe Street");

        using var response = await twilio.DeliverAsync(WebhookUrl, text, Host.AnonymousClient);
        var announced = await AnnouncedAsync("sms", 1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<Response></Response>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mention = Assert.Single(announced);
        Assert.Equal((text.Sid, "Sms", "+447700900555", "+447700900555", "sms"), (mention.NativeId, mention.Kind, mention.Author, mention.AuthorId, mention.Source));
        Assert.Equal("Water coming under the door at 12 Exe Street", mention.Text);
    }

    [Fact]
    public async Task A_forged_text_is_refused_and_a_retried_delivery_is_not_taken_twice()
    {
        await using var twilio = await StartTwilioAsync();
        var text = twilio.Receive("+447700900555", OurNumber, "Help");

        using var forged = await twilio.DeliverAsync(WebhookUrl, text, Host.AnonymousClient, signatureOverride: "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        using var tampered = await twilio.DeliverAsync(WebhookUrl, text, Host.AnonymousClient, signatureOverride: twilio.Sign(WebhookUrl, new Dictionary<string, string> { ["Body"] = "other" }));
        using var first = await twilio.DeliverAsync(WebhookUrl, text, Host.AnonymousClient, idempotencyToken: "retry-1");
        await AnnouncedAsync("sms", 1);
        using var retried = await twilio.DeliverAsync(WebhookUrl, text, Host.AnonymousClient, idempotencyToken: "retry-1");
        using var again = await twilio.DeliverAsync(WebhookUrl, text, Host.AnonymousClient, idempotencyToken: "another-attempt");

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        // The retry (same idempotency token) was recognised; a new delivery of the same message was deduplicated by its sid.
        Assert.Single(Host.Harness.Published.Select<MentionsCaptured>());
        Assert.Single(Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.Channel == "sms"));
    }

    [Fact]
    public async Task A_text_whose_webhook_never_came_is_found_in_Twilio_s_message_list_and_the_others_are_not_doubled()
    {
        await using var twilio = await StartTwilioAsync();
        var delivered = twilio.Receive("+447700900555", OurNumber, "Delivered by webhook");
        var missed = twilio.Receive("+447700900666", OurNumber, "Sent while the webhook was down");
        twilio.Receive("+447700900777", "+447700900999", "To another number");
        using (await twilio.DeliverAsync(WebhookUrl, delivered, Host.AnonymousClient))
        {
            await AnnouncedAsync("sms", 1);
        }

        var report = await PollAsync(SourceTypes.Sms);
        var announced = await AnnouncedAsync("sms", 2);

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal((1, 1), (report.New, report.Duplicates));
        Assert.Equal(new[] { delivered.Sid, missed.Sid }.Order(StringComparer.Ordinal), announced.Select(m => m.NativeId).Order(StringComparer.Ordinal));
        Assert.Contains(twilio.Requests, r => r.Contains("DateSent%3E=", StringComparison.Ordinal));
        AssertNoViolations(twilio);
    }

    [Fact]
    public async Task A_body_that_is_not_a_form_is_refused()
    {
        await using var twilio = await StartTwilioAsync();

        using var response = await Host.AnonymousClient.PostAsync(new Uri(WebhookUrl), new StringContent("{\"Body\":\"hi\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Host.Harness.Published.Select<MentionsCaptured>());
    }

    private async Task<FakeTwilioApi> StartTwilioAsync()
    {
        var twilio = await FakeTwilioApi.StartAsync();
        await SetAccountAsync("sms",
            new { baseUrl = twilio.BaseAddress.ToString(), accountSid = twilio.AccountSid, number = OurNumber, webhookUrl = WebhookUrl },
            new { authToken = twilio.AuthToken });
        return twilio;
    }
}
