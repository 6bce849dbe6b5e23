using System.Net;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace CrisisComms.Monitoring.Tests.Sources;

public sealed class XSourceTests : MonitoringTest
{
    private static readonly FakeXUser Resident = new("2001", "exeter_resident", "Sam Resident", 312);
    private static readonly FakeXUser Reporter = new("2002", "devonlive", "Devon Live", 120_000);

    [Fact]
    public async Task Mentions_are_read_since_the_last_id_with_everything_triage_needs_and_the_account_s_own_posts_left_out()
    {
        await using var x = await StartXAsync();
        var question = x.Post(Resident, "@DemoCountyCouncil is the A377 open? #DCCFlood");
        var reply = x.Post(Reporter, "@DemoCountyCouncil any update on the rest centre?", replyTo: question.Id);
        var repost = x.Post(Reporter, "RT @exeter_resident: @DemoCountyCouncil is the A377 open?", repostOf: question.Id);
        var own = x.Post(new FakeXUser(x.UserId, x.Username, "Demo County Council", 50_000), "@DemoCountyCouncil note to self");

        var report = await PollAsync(SourceTypes.XMentions);
        var announced = await AnnouncedAsync("x", 3);

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(3, report.New);
        var first = Assert.Single(announced, m => m.NativeId == question.Id);
        Assert.Equal("@exeter_resident", first.Author);
        Assert.Equal(Resident.Id, first.AuthorId);
        Assert.Equal(312, first.AuthorFollowers);
        Assert.Equal("x-mentions", first.Source);
        Assert.Equal("Post", first.Kind);
        Assert.Equal($"https://x.com/exeter_resident/status/{question.Id}", first.Url);
        Assert.Equal("en", first.Language);
        Assert.Equal(question.CreatedAt.ToUnixTimeMilliseconds(), first.PostedAt.ToUnixTimeMilliseconds());
        var replied = Assert.Single(announced, m => m.NativeId == reply.Id);
        Assert.Equal("Reply", replied.Kind);
        Assert.Equal(question.Id, replied.InReplyToNativeId);
        Assert.Equal(question.Id, replied.ConversationId);
        Assert.True(Assert.Single(announced, m => m.NativeId == repost.Id).IsRepost);
        Assert.Contains(x.Requests, r => r.Contains("/mentions?", StringComparison.Ordinal) && r.Contains("start_time=", StringComparison.Ordinal));
        AssertNoViolations(x);

        // The next poll asks only for what is newer, and finds nothing to announce twice.
        var again = await PollAsync(SourceTypes.XMentions);

        Assert.Equal(0, again.New);
        Assert.Contains(x.Requests, r => r.Contains($"since_id={own.Id}", StringComparison.Ordinal));
        Assert.Equal(3, Host.Harness.Published.Select<MentionReceived>(m => m.Context.Message.Channel == "x").Count());
    }

    [Fact]
    public async Task A_backlog_is_read_page_by_page_and_a_failure_mid_way_resumes_where_it_stopped_with_no_gap_and_no_duplicate()
    {
        await using var x = await StartXAsync();
        await PollAsync(SourceTypes.XMentions);
        var posts = Enumerable.Range(0, 250).Select(i => x.Post(Resident, $"@DemoCountyCouncil question {i}")).ToList();

        // Page 1 is read and stored; the pages after it fail at X.
        var requestsBefore = x.Requests.Count;
        x.FailWhen = q => q.ContainsKey("until_id") ? 503 : null;
        var partial = await PollAsync(SourceTypes.XMentions);
        x.FailWhen = null;
        Clock.Advance(TimeSpan.FromMinutes(16));
        var resumed = await PollAsync(SourceTypes.XMentions);
        var stored = await StoredAsync("x");
        var announced = await AnnouncedAsync("x", 250);

        Assert.Equal(PollOutcome.Failed, partial.Outcome);
        Assert.Equal(100, partial.New);
        Assert.Equal(PollOutcome.Polled, resumed.Outcome);
        Assert.Equal(150, resumed.New);
        Assert.Equal(posts.Select(p => p.Id).Order(), stored.Select(m => m.NativeId).Order());
        Assert.Equal(250, announced.Select(m => m.NativeId).Distinct().Count());
        Assert.Equal(250, announced.Count);
        Assert.Contains(x.Requests.Skip(requestsBefore), r => r.Contains("until_id=", StringComparison.Ordinal));
        AssertNoViolations(x);
    }

    [Fact]
    public async Task A_mention_also_found_by_the_hashtag_search_is_one_item()
    {
        await using var x = await StartXAsync();
        var incidentId = Guid.NewGuid();
        await Host.Harness.Bus.Publish(new IncidentOpened(incidentId, "Demo County Council", "Flood", "#DCCFlood", "Major", Clock.GetUtcNow()));
        await Eventually.TrueAsync(async () => (await Host.Client.GetJsonAsync("/api/v1/monitoring/sources")).EnumerateArray().Any(s => s.Text("source") == "x-search:#DCCFlood"), Patience, "the tag searched on X");
        var both = x.Post(Resident, "@DemoCountyCouncil water over the road at Cowley #DCCFlood");
        var searchOnly = x.Post(Reporter, "Flood warning for the Exe #dccflood");

        var mentions = await PollAsync(SourceTypes.XMentions);
        var search = await PollAsync("x-search:#DCCFlood");
        var announced = await AnnouncedAsync("x", 2);

        Assert.Equal(1, mentions.New);
        Assert.Equal(1, search.New);
        Assert.Equal(1, search.Duplicates);
        Assert.Equal(2, announced.Count);
        Assert.Equal("x-mentions", Assert.Single(announced, m => m.NativeId == both.Id).Source);
        var found = Assert.Single(announced, m => m.NativeId == searchOnly.Id);
        Assert.Equal("x-search:#DCCFlood", found.Source);
        Assert.Equal(incidentId, found.IncidentId);
        Assert.Equal("#DCCFlood", found.MatchedWatch);
        Assert.Contains(x.Requests, r => r.Contains("search/recent?query=%23DCCFlood%20-from%3A", StringComparison.Ordinal));
        AssertNoViolations(x);
    }

    [Fact]
    public async Task A_429_is_honoured_until_x_rate_limit_reset_and_nothing_is_asked_before_then()
    {
        await using var x = await StartXAsync();
        x.Post(Resident, "@DemoCountyCouncil first");
        x.Faults.RateLimitNext(1, TimeSpan.FromMinutes(3));

        var limited = await PollAsync(SourceTypes.XMentions);
        var state = await StateAsync(SourceTypes.XMentions);
        var view = await SourceAsync(SourceTypes.XMentions);
        var asked = MentionRequests(x);
        var tooSoon = await PollAsync(SourceTypes.XMentions);
        var askedWhileWaiting = MentionRequests(x) - asked;
        var then = Clock.GetUtcNow();
        Clock.Advance(TimeSpan.FromMinutes(4));
        var later = await PollAsync(SourceTypes.XMentions);

        Assert.Equal(PollOutcome.Paced, limited.Outcome);
        Assert.Contains("429", limited.Error, StringComparison.Ordinal);
        Assert.True(state!.BackoffUntil >= then.AddSeconds(150), $"backed off until {state.BackoffUntil}, now {then}");
        Assert.Equal("Lagging", view.Text("state"));
        Assert.Contains("429", view.Text("lastError"), StringComparison.Ordinal);
        Assert.Equal(PollOutcome.BackingOff, tooSoon.Outcome);
        Assert.Equal(0, askedWhileWaiting);
        Assert.Equal(PollOutcome.Polled, later.Outcome);
        Assert.Equal(1, later.New);
    }

    [Fact]
    public async Task Our_own_pacing_keeps_inside_the_window_without_asking_X()
    {
        await using var x = await StartXAsync(mentionsPerWindow: 2);
        for (var i = 0; i < 5; i++)
        {
            x.Post(Resident, $"@DemoCountyCouncil {i}");
        }

        await PollAsync(SourceTypes.XMentions);
        await PollAsync(SourceTypes.XMentions);
        var mentionRequests = x.Requests.Count(r => r.Contains("/mentions", StringComparison.Ordinal));
        var paced = await PollAsync(SourceTypes.XMentions);

        Assert.Equal(2, mentionRequests);
        Assert.Equal(PollOutcome.Paced, paced.Outcome);
        Assert.Equal(2, x.Requests.Count(r => r.Contains("/mentions", StringComparison.Ordinal)));
        var state = await StateAsync(SourceTypes.XMentions);
        Assert.True(state!.BackoffUntil > Clock.GetUtcNow());
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    [Fact]
    public async Task Unreadable_posts_are_skipped_with_their_reason_and_the_good_ones_in_the_same_page_are_kept()
    {
        await using var x = await StartXAsync();
        x.AnswerNextWith("""
            {"data":[
              {"id":"1870000000000000003","text":"@DemoCountyCouncil good one","author_id":"2001","created_at":"2026-11-26T08:00:00.000Z"},
              {"text":"no id at all"},
              {"id":"not-a-number","text":"bad id"},
              {"id":"1870000000000000002","author_id":"2001"},
              {"id":"1870000000000000001","text":"@DemoCountyCouncil another good one\u0000 with a NUL","author_id":"2001"}
            ],
            "includes":{"users":[{"id":"2001","username":"exeter_resident","name":"Sam"}]},
            "meta":{"result_count":5,"newest_id":"1870000000000000003","oldest_id":"1870000000000000001"}}
            """);

        var report = await PollAsync(SourceTypes.XMentions);
        var announced = await AnnouncedAsync("x", 2);
        var rejections = await Host.Client.GetJsonAsync("/api/v1/monitoring/sources/x-mentions/rejections");

        Assert.Equal(PollOutcome.Polled, report.Outcome);
        Assert.Equal(2, report.New);
        Assert.Equal(3, report.Rejected);
        Assert.Equal(["1870000000000000001", "1870000000000000003"], announced.Select(m => m.NativeId).Order());
        Assert.DoesNotContain('\0', Assert.Single(announced, m => m.NativeId == "1870000000000000001").Text);
        Assert.Equal(3, rejections.GetArrayLength());
        Assert.Contains(rejections.EnumerateArray(), r => r.Text("reason").Contains("valid id", StringComparison.Ordinal));
        Assert.Contains(rejections.EnumerateArray(), r => r.Text("reason").Contains("no text", StringComparison.Ordinal) && r.Text("nativeId") == "1870000000000000002");

        // The cursor moved past the page (the bad posts are not asked for again).
        Assert.Contains("1870000000000000003", (await StateAsync(SourceTypes.XMentions))!.Cursor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_what_X_sends_fails_the_poll_keeps_the_cursor_and_crashes_nothing()
    {
        await using var x = await StartXAsync();
        var kept = x.Post(Resident, "@DemoCountyCouncil still here after the bad answers");
        x.AnswerNextWith("<html>gateway</html>");
        x.AnswerNextWith("""{"unexpected":true}""");

        var notJson = await PollAsync(SourceTypes.XMentions);
        var wrongShape = await PollAsync(SourceTypes.XMentions);
        var before = await StateAsync(SourceTypes.XMentions);
        Clock.Advance(TimeSpan.FromMinutes(16));
        var recovered = await PollAsync(SourceTypes.XMentions);
        var announced = await AnnouncedAsync("x", 1);

        Assert.Equal(PollOutcome.Failed, notJson.Outcome);
        Assert.Contains("not JSON", notJson.Error, StringComparison.Ordinal);
        Assert.Equal(PollOutcome.Failed, wrongShape.Outcome);
        Assert.Contains("without data or meta", wrongShape.Error, StringComparison.Ordinal);
        Assert.Null(before!.Cursor);
        Assert.True(before.ConsecutiveFailures >= 1);
        Assert.Equal(PollOutcome.Polled, recovered.Outcome);
        Assert.Equal(kept.Id, Assert.Single(announced).NativeId);
    }

    private static int MentionRequests(FakeXApi x) => x.Requests.Count(r => r.Contains("/mentions", StringComparison.Ordinal));

    [Fact]
    public async Task Each_source_s_health_and_what_it_heard_are_on_metrics()
    {
        await using var x = await StartXAsync();
        x.Post(Resident, "@DemoCountyCouncil is the rest centre open?");
        x.Post(Reporter, "@DemoCountyCouncil any update?");
        x.AnswerNextWith("<html>gateway</html>");

        var failed = await PollAsync(SourceTypes.XMentions);
        Clock.Advance(TimeSpan.FromMinutes(16));
        var polled = await PollAsync(SourceTypes.XMentions);
        await Host.InScopeAsync(sp => sp.GetRequiredService<SourceHealthCheck>().RunAsync(CancellationToken.None));
        await Host.Services.GetServices<IHostedService>().OfType<SourceHealthSnapshot>().Single().RefreshAsync(CancellationToken.None);
        var metrics = await Host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var lines = metrics.Split('\n');

        Assert.Equal((PollOutcome.Failed, PollOutcome.Polled, 2), (failed.Outcome, polled.Outcome, polled.New));
        string Line(string name) => Assert.Single(lines, l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains("source=\"x-mentions\"", StringComparison.Ordinal) && l.Contains("outcome=\"new\"", StringComparison.Ordinal) == name.EndsWith("mentions_total", StringComparison.Ordinal));
        Assert.EndsWith(" 2", Line("crisiscomms_monitoring_mentions_total"), StringComparison.Ordinal);
        Assert.EndsWith(" 1", Line("crisiscomms_monitoring_source_up"), StringComparison.Ordinal);
        Assert.EndsWith(" 0", Line("crisiscomms_monitoring_source_stale"), StringComparison.Ordinal);
        Assert.EndsWith(" 1", Line("crisiscomms_monitoring_source_errors_last_hour"), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("crisiscomms_monitoring_source_last_success_age", StringComparison.Ordinal) && l.Contains("x-mentions", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("crisiscomms_monitoring_source_lag", StringComparison.Ordinal) && l.Contains("x-mentions", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("crisiscomms_monitoring_source_items_per_minute", StringComparison.Ordinal) && l.Contains("x-mentions", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("crisiscomms_monitoring_polls_total{", StringComparison.Ordinal) && l.Contains("outcome=\"failed\"", StringComparison.Ordinal));
    }

    private async Task<FakeXApi> StartXAsync(int mentionsPerWindow = 450)
    {
        var x = await FakeXApi.StartAsync(f => { });
        await SetAccountAsync("x", new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, mentionsPerWindow }, new { bearerToken = x.AppBearerToken });
        return x;
    }
}
