using System.Net;
using System.Text;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Monitoring.Tests.Sources;

public sealed class FacebookSourceTests : MonitoringTest
{
    private static readonly Uri Webhook = new("http://localhost/api/v1/monitoring/webhooks/facebook");

    [Fact]
    public async Task Comments_on_the_page_s_posts_and_visitor_posts_are_polled_and_the_page_s_own_replies_are_not_mentions()
    {
        await using var graph = await StartGraphAsync();
        var post = graph.PagePost("Rest centre open at the Corn Exchange.", Clock.GetUtcNow().AddHours(-2));
        var comment = graph.Comment(post.Id, "9001", "Jo Bloggs", "Is there parking?");
        var reply = graph.Comment(comment.Id, "9002", "Ann Other", "Yes, at Mary Arches.");
        graph.Comment(post.Id, graph.PageId, "Demo County Council", "Parking is free today.");
        var visitor = graph.VisitorPost("9003", "Kim", "Our street is flooded, Cowick Lane");

        var report = await PollAsync(SourceTypes.FacebookComments);
        var announced = await AnnouncedAsync("facebook", 3);

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(3, announced.Count);
        var first = Assert.Single(announced, m => m.NativeId == comment.Id);
        Assert.Equal(("Comment", "Jo Bloggs", "9001", post.Id, post.Id), (first.Kind, first.Author, first.AuthorId, first.InReplyToNativeId, first.ConversationId));
        var threaded = Assert.Single(announced, m => m.NativeId == reply.Id);
        Assert.Equal(("Reply", comment.Id, post.Id), (threaded.Kind, threaded.InReplyToNativeId, threaded.ConversationId));
        Assert.Equal("VisitorPost", Assert.Single(announced, m => m.NativeId == visitor.Id).Kind);
        AssertNoViolations(graph);

        // Later polls read from the watermark: only what is new.
        var later = graph.Comment(post.Id, "9004", "Lee", "Is the bus running?");
        Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await PollAsync(SourceTypes.FacebookComments);
        Assert.Equal(1, second.New);
        Assert.Contains(await AnnouncedAsync("facebook", 4), m => m.NativeId == later.Id);
    }

    [Fact]
    public async Task A_signed_webhook_is_taken_and_the_same_comment_polled_later_is_one_item()
    {
        await using var graph = await StartGraphAsync();
        var post = graph.PagePost("Road closures update");
        var comment = graph.Comment(post.Id, "9001", "Jo Bloggs", "The B3212 is flooded too");

        using var response = await graph.SendWebhookAsync(Webhook, graph.CommentWebhook(comment), client: Host.AnonymousClient);
        var announced = await AnnouncedAsync("facebook", 1);
        var polled = await PollAsync(SourceTypes.FacebookComments);
        await AnnouncedAsync("facebook", 1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mention = Assert.Single(announced);
        Assert.Equal(("facebook-webhook", comment.Id, "Comment", "9001"), (mention.Source, mention.NativeId, mention.Kind, mention.AuthorId));
        Assert.Equal(0, polled.New);
        Assert.Equal(1, polled.Duplicates);
        Assert.Single(Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.Channel == "facebook"));
        var health = await SourceAsync(SourceTypes.FacebookWebhook);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, health.GetProperty("lastSuccessAt").ValueKind);
    }

    [Fact]
    public async Task A_webhook_with_a_bad_or_missing_signature_is_refused_before_it_is_read()
    {
        await using var graph = await StartGraphAsync();
        var comment = graph.Comment(graph.PagePost("Update").Id, "9001", "Jo", "hello");
        var body = graph.CommentWebhook(comment);

        using var forged = await graph.SendWebhookAsync(Webhook, body, signatureOverride: "sha256=" + new string('0', 64), client: Host.AnonymousClient);
        using var tampered = await graph.SendWebhookAsync(Webhook, body.Replace("hello", "HELLO", StringComparison.Ordinal), signatureOverride: graph.Sign(Encoding.UTF8.GetBytes(body)), client: Host.AnonymousClient);
        using var missing = await Host.AnonymousClient.PostAsync(Webhook, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        (await Json(forged)).AssertProblem("bad-signature", 403);
        Assert.Empty(Host.Harness.Published.Select<MentionsCaptured>());
        Assert.Contains(Logs.Lines, l => l.Contains("refused (BadSignature)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_oversized_webhook_is_refused_by_its_length_before_anything_is_parsed()
    {
        await using var graph = await StartGraphAsync();
        var huge = "{\"object\":\"page\",\"entry\":[],\"padding\":\"" + new string('x', 1024 * 1024) + "\"}";

        using var response = await graph.SendWebhookAsync(Webhook, huge, client: Host.AnonymousClient);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        (await Json(response)).AssertProblem("too-large", 413);
    }

    [Fact]
    public async Task A_replayed_delivery_is_answered_without_being_processed_again()
    {
        await using var graph = await StartGraphAsync();
        var comment = graph.Comment(graph.PagePost("Update").Id, "9001", "Jo", "Any news on power?");
        var body = graph.CommentWebhook(comment);

        using var first = await graph.SendWebhookAsync(Webhook, body, client: Host.AnonymousClient);
        await AnnouncedAsync("facebook", 1);
        using var replay = await graph.SendWebhookAsync(Webhook, body, client: Host.AnonymousClient);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True((await Json(replay)).GetProperty("replay").GetBoolean());
        Assert.Single(Host.Harness.Published.Select<MentionsCaptured>());
        Assert.Single(Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.Channel == "facebook"));
    }

    [Fact]
    public async Task A_signed_body_that_is_not_a_page_webhook_is_a_clear_400_and_odd_changes_are_skipped()
    {
        await using var graph = await StartGraphAsync();
        var comment = graph.Comment(graph.PagePost("Update").Id, "9001", "Jo", "Good item");
        var mixed = graph.CommentWebhook(comment).Replace("\"changes\":[", "\"changes\":[{\"field\":\"feed\",\"value\":{\"item\":\"comment\",\"verb\":\"add\",\"message\":\"no id\"}},{\"field\":\"feed\",\"value\":{\"item\":\"reaction\",\"verb\":\"add\"}},", StringComparison.Ordinal);

        using var notJson = await graph.SendWebhookAsync(Webhook, "not json at all", client: Host.AnonymousClient);
        using var notPage = await graph.SendWebhookAsync(Webhook, "{\"object\":\"user\",\"entry\":[]}", client: Host.AnonymousClient);
        using var partly = await graph.SendWebhookAsync(Webhook, mixed, client: Host.AnonymousClient);
        var announced = await AnnouncedAsync("facebook", 1);
        var rejections = await Host.Client.GetJsonAsync("/api/v1/monitoring/sources/facebook-webhook/rejections");

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        (await Json(notJson)).AssertProblem("bad-webhook", 400);
        Assert.Equal(HttpStatusCode.BadRequest, notPage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, partly.StatusCode);
        Assert.Equal(comment.Id, Assert.Single(announced).NativeId);
        Assert.Contains(rejections.EnumerateArray(), r => r.Text("reason").Contains("without an id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Meta_s_subscription_check_is_answered_only_with_our_verify_token()
    {
        await using var graph = await StartGraphAsync();

        var ok = await Host.AnonymousClient.GetStringAsync(new Uri("/api/v1/monitoring/webhooks/facebook?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", UriKind.Relative));
        using var wrong = await Host.AnonymousClient.GetAsync(new Uri("/api/v1/monitoring/webhooks/facebook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1", UriKind.Relative));

        Assert.Equal("1158201444", ok);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task A_delivery_carrying_many_comments_is_taken_whole_and_an_overlapping_one_adds_only_what_is_new()
    {
        await using var graph = await StartGraphAsync();
        var post = graph.PagePost("Evacuation centres open");
        var comments = Enumerable.Range(0, 250).Select(i => graph.Comment(post.Id, $"{7000 + i}", $"Resident {i}", $"Is the centre at the school open? ({i})")).ToList();
        var later = Enumerable.Range(250, 30).Select(i => graph.Comment(post.Id, $"{7000 + i}", $"Resident {i}", $"Any room left? ({i})")).ToList();

        using var first = await graph.SendWebhookAsync(Webhook, graph.CommentsWebhook(comments), client: Host.AnonymousClient);
        await AnnouncedAsync("facebook", 250);
        using var overlapping = await graph.SendWebhookAsync(Webhook, graph.CommentsWebhook([.. comments.Take(20), .. later]), client: Host.AnonymousClient);
        var announced = await AnnouncedAsync("facebook", 280);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(250, (await Json(first)).GetProperty("received").GetInt32());
        Assert.Equal(HttpStatusCode.OK, overlapping.StatusCode);
        Assert.Equal(280, announced.Count);
        Assert.Equal(comments.Concat(later).Select(c => c.Id).Order(StringComparer.Ordinal), announced.Select(m => m.NativeId).Order(StringComparer.Ordinal));
        var captured = Host.Harness.Published.Select<MentionsCaptured>().Select(m => m.Context.Message).ToList();
        // 250 as three messages published together; of the second delivery only its 30 new comments.
        Assert.Equal([30, 50, 100, 100], captured.Select(m => m.Mentions.Count).Order());
        Assert.Equal(280, (await StoredAsync("facebook")).Count);
    }

    [Fact]
    public async Task Many_deliveries_at_once_some_sent_twice_reach_triage_once_each()
    {
        await using var graph = await StartGraphAsync();
        var post = graph.PagePost("Power cut: restoration times");
        var bodies = Enumerable.Range(0, 60).Select(i => graph.CommentWebhook(graph.Comment(post.Id, $"{8000 + i}", $"Neighbour {i}", $"Still no power on Elm Road ({i})"))).ToList();

        // Deliveries arriving together share publishes; a delivery sent twice at once races itself.
        var responses = await Task.WhenAll(bodies.Concat(bodies.Take(20)).Select(body => graph.SendWebhookAsync(Webhook, body, client: Host.AnonymousClient)));
        var announced = await AnnouncedAsync("facebook", 60);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(60, announced.Count);
        Assert.Equal(60, announced.Select(m => m.NativeId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(60, (await StoredAsync("facebook")).Count);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_rotated_app_secret_is_used_for_the_very_next_delivery()
    {
        await using var graph = await StartGraphAsync();
        var post = graph.PagePost("Update");
        using var before = await graph.SendWebhookAsync(Webhook, graph.CommentWebhook(graph.Comment(post.Id, "9001", "Jo", "Before the rotation")), client: Host.AnonymousClient);

        await SetAccountAsync("facebook", new { baseUrl = graph.BaseAddress + "v21.0", pageId = graph.PageId }, new { appSecret = "rotated-app-secret" });
        var body = graph.CommentWebhook(graph.Comment(post.Id, "9002", "Sam", "After the rotation"));
        var newSignature = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("rotated-app-secret"), Encoding.UTF8.GetBytes(body)));
        using var oldSecret = await graph.SendWebhookAsync(Webhook, body, client: Host.AnonymousClient);
        using var newSecret = await graph.SendWebhookAsync(Webhook, body, signatureOverride: newSignature, client: Host.AnonymousClient);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, oldSecret.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newSecret.StatusCode);
        Assert.Equal(2, (await AnnouncedAsync("facebook", 2)).Count);
    }

    [Fact]
    public async Task Webhooks_for_an_account_that_is_not_connected_are_refused()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        var comment = graph.Comment(graph.PagePost("Update").Id, "9001", "Jo", "hello");

        using var response = await graph.SendWebhookAsync(Webhook, graph.CommentWebhook(comment), client: Host.AnonymousClient);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        (await Json(response)).AssertProblem("not-configured", 404);
    }

    private static async Task<System.Text.Json.JsonElement> Json(HttpResponseMessage response) =>
        System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private async Task<FakeGraphApi> StartGraphAsync()
    {
        var graph = await FakeGraphApi.StartAsync();
        await SetAccountAsync("facebook",
            new { baseUrl = graph.BaseAddress + "v21.0", pageId = graph.PageId },
            new { pageAccessToken = graph.PageAccessToken, appSecret = graph.AppSecret, verifyToken = "verify-me" });
        return graph;
    }
}
