using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace CrisisComms.IntegrationTests;

/// <summary>
/// The one binary split into three processes (drafting, publishing, web) on real RabbitMQ, PostgreSQL
/// and Redis, as production runs it; the web process is the single entry and routes to the others.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class SplitProcessesTests(RealServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private Isolated _infrastructure = null!;
    private ServerProcess _drafting = null!;
    private ServerProcess _publishing = null!;
    private ServerProcess _web = null!;
    private string _token = null!;

    public async Task InitializeAsync()
    {
        _infrastructure = await servers.IsolateAsync("split");
        var drafting = ServerProcess.StartAsync("drafting", _infrastructure);
        var publishing = ServerProcess.StartAsync("publishing", _infrastructure);
        _drafting = await drafting;
        _publishing = await publishing;
        _web = await ServerProcess.StartAsync("web", _infrastructure, new Dictionary<string, string?>
        {
            ["CrisisComms:Web:Routes:drafting"] = _drafting.BaseAddress.ToString(),
            ["CrisisComms:Web:Routes:publishing"] = _publishing.BaseAddress.ToString(),
            ["CrisisComms:Accounts:BootstrapAdminEmail"] = "admin@split.test",
            ["CrisisComms:Accounts:BootstrapAdminPassword"] = "a-long-enough-password",
        });
        _token = await _web.SignInAsync("admin@split.test", "a-long-enough-password");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _web, _publishing, _drafting })
        {
            if (process is not null)
            {
                output.WriteLine($"--- {process.Name} ({process.LogPath})\n{process.Tail(5)}");
                await process.DisposeAsync();
            }
        }

        await _infrastructure.DisposeAsync();
    }

    [Fact]
    public async Task A_command_sent_in_at_the_web_comes_back_through_the_bus_from_the_other_processes()
    {
        using var web = _web.CreateClient(_token);

        var incident = await web.PostJsonAsync("/api/v1/incidents", new { title = "River Exe flooding", shortName = "flood" });
        var draft = await web.PostJsonAsync("/api/v1/drafts", new { incidentId = incident.Id(), headline = "Flood warning", body = "Avoid Bridge Road.", channels = new[] { "x", "facebook", "sms" }, submit = true });
        var post = draft.Id("postId");

        // drafting -> PublishToChannel x3 -> publishing -> PostPublished x3 -> drafting and web.
        var shown = await Eventually.GetAsync(
            () => web.GetJsonAsync($"/api/v1/posts/{post}"),
            p => p.GetProperty("channels").EnumerateArray().All(c => c.Text("status") == "Published"),
            Patience,
            "the post published on every channel");
        var timeline = await Eventually.GetAsync(
            () => web.GetJsonAsync($"/api/v1/dashboard/incidents/{incident.Id()}/timeline"),
            t => t.EnumerateArray().Count(l => l.Text("kind") == "post-published") == 3 && t.EnumerateArray().Any(l => l.Text("kind") == "incident-opened"),
            Patience,
            "the web's timeline shows three channels");
        var sandbox = await web.GetJsonAsync($"/api/v1/publishing/sandbox?incidentId={incident.Id()}");

        Assert.Equal(3, shown.GetProperty("channels").GetArrayLength());
        Assert.Equal("incident-opened", timeline[0].Text("kind"));
        Assert.Equal(3, sandbox.GetArrayLength());

        // Each process logs JSON with the message and incident it was handling.
        var line = await Eventually.GetAsync(
            () => Task.FromResult(ReadJsonLog(_publishing.LogPath).FirstOrDefault(l => l.GetProperty("Message").GetString()!.Contains($"Post {post} published", StringComparison.Ordinal))),
            l => l.ValueKind == JsonValueKind.Object,
            Patience,
            "a JSON log line for the post");
        var scopes = line.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("IncidentId", out var id) && id.GetString() == incident.Id().ToString());
        Assert.Contains(scopes, s => s.TryGetProperty("MessageId", out _));
    }

    [Fact]
    public async Task A_process_killed_in_the_middle_of_1000_messages_loses_none_and_applies_none_twice()
    {
        const int total = 1000;
        using var web = _web.CreateClient(_token);
        using var drafting = _drafting.CreateClient(_token);
        var incident = await web.PostJsonAsync("/api/v1/incidents", new { title = "Power cut across Exeter", shortName = "power" });
        var posts = new ConcurrentBag<Guid>();
        var killed = new TaskCompletionSource();

        // A steady stream of posts; publishing is killed (SIGKILL) once it has handled some, while the
        // stream goes on, and restarted later.
        var stream = Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            if (i == total / 2)
            {
                await killed.Task.WaitAsync(Patience, ct);
            }

            var draft = await drafting.PostJsonAsync("/api/v1/drafts", new { incidentId = incident.Id(), headline = $"Update {i}", body = $"Update {i}: power back in EX{i % 40}.", channels = new[] { "sms" }, submit = true });
            posts.Add(draft.Id("postId"));
        });

        await Eventually.TrueAsync(async () => await CountAsync("SELECT count(*) FROM publishing.sandbox_posts") >= 100, Patience, "publishing under way");
        _publishing.Kill();
        var handledBeforeKill = await CountAsync("SELECT count(*) FROM publishing.sandbox_posts");
        killed.SetResult();
        output.WriteLine($"killed publishing after {handledBeforeKill} posts");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await _publishing.StartAsync();
        await stream;

        await Eventually.TrueAsync(
            async () => await CountAsync("SELECT count(*) FROM drafting.post_channels WHERE status = 'Published'") == total,
            Patience,
            $"all {total} posts shown as published");
        await Eventually.TrueAsync(
            async () => await CountAsync("SELECT count(*) FROM web.timeline WHERE kind = 'post-published'") >= total,
            Patience,
            "the web saw every post");

        var counts = new Dictionary<string, long>();
        foreach (var sql in new[]
        {
            "SELECT count(*) FROM publishing.sandbox_posts",
            "SELECT count(DISTINCT post_id) FROM publishing.sandbox_posts",
            "SELECT count(*) FROM publishing.ledger WHERE status = 'Sent'",
            "SELECT count(*) FROM publishing.ledger WHERE attempts > 1",
            "SELECT count(*) FROM web.timeline WHERE kind = 'post-published'",
        })
        {
            counts[sql] = await CountAsync(sql);
            output.WriteLine($"{counts[sql],6}  {sql}");
        }

        Assert.True(handledBeforeKill < total, "the kill came in the middle of the stream");
        Assert.Equal(total, posts.Distinct().Count());
        // None lost, none twice: each post once in the channel and once in the ledger, announced once on
        // the web's timeline (re-dispatched events are recognised by id). A post whose call the kill
        // interrupted is attempted again only after looking it up — at most the one in flight per consumer.
        Assert.Equal(total, await CountAsync("SELECT count(*) FROM publishing.sandbox_posts"));
        Assert.Equal(total, await CountAsync("SELECT count(DISTINCT post_id) FROM publishing.sandbox_posts"));
        Assert.Equal(total, await CountAsync("SELECT count(*) FROM publishing.ledger WHERE status = 'Sent'"));
        Assert.InRange(await CountAsync("SELECT count(*) FROM publishing.ledger WHERE attempts > 1"), 0, 32);
        Assert.Equal(total, await CountAsync("SELECT count(*) FROM web.timeline WHERE kind = 'post-published'"));
        var view = await web.GetJsonAsync($"/api/v1/dashboard/incidents/{incident.Id()}");
        Assert.Equal(total, view.GetProperty("postsPublished").GetInt32());
    }

    [Fact]
    public async Task X_takes_1000_posts_but_every_answer_is_lost_and_publishing_is_killed_yet_none_is_missing_or_twice()
    {
        const int total = 1000;
        await using var x = await FakeXApi.StartAsync(f => f.RejectDuplicates = false);
        x.Faults.DropResponses = true;
        using var web = _web.CreateClient(_token);
        await web.SendJsonAsync(HttpMethod.Put, "/api/v1/channels/x", new
        {
            enabled = true,
            settings = new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId, auth = "oauth1", postsPerWindow = 100_000, windowMinutes = 1 },
            credentials = new { consumerKey = x.ConsumerKey, consumerSecret = "secret", accessToken = "token", accessTokenSecret = "token-secret" },
        });
        var incident = await web.PostJsonAsync("/api/v1/incidents", new { title = "Storm Ciarán", shortName = "storm" });
        var killed = new TaskCompletionSource();

        var stream = Parallel.ForEachAsync(Enumerable.Range(0, total), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            if (i == total / 2)
            {
                await killed.Task.WaitAsync(Patience, ct);
            }

            await web.PostJsonAsync("/api/v1/drafts", new { incidentId = incident.Id(), headline = $"Storm update {i}", body = $"Storm update {i}: trees down on route {i}.", channels = new[] { "x" }, submit = true });
        });

        await Eventually.TrueAsync(() => Task.FromResult(x.Tweets.Count >= 100), Patience, "X has taken some posts");
        _publishing.Kill();
        var takenBeforeKill = x.Tweets.Count;
        killed.SetResult();
        output.WriteLine($"killed publishing after X took {takenBeforeKill} posts");
        await _publishing.StartAsync();
        await stream;

        await Eventually.TrueAsync(
            async () => await CountAsync("SELECT count(*) FROM publishing.ledger WHERE channel = 'x' AND status = 'Sent'") == total,
            TimeSpan.FromMinutes(4),
            $"all {total} posts settled as sent");
        await Eventually.TrueAsync(
            async () => await CountAsync("SELECT count(*) FROM drafting.post_channels WHERE channel = 'x' AND status = 'Published'") == total,
            Patience,
            "drafting shows every post published");

        Assert.True(takenBeforeKill < total, "the kill came in the middle");
        Assert.Equal(total, x.Tweets.Count);
        Assert.Equal(total, x.Tweets.Select(t => t.Text).Distinct().Count());
        Assert.Equal(total, x.Creates);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM publishing.ledger WHERE status <> 'Sent'"));
        var ids = await CountAsync("SELECT count(DISTINCT channel_post_id) FROM publishing.ledger WHERE channel = 'x'");
        Assert.Equal(total, ids);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static List<JsonElement> ReadJsonLog(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<JsonElement>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('{'))
            {
                try
                {
                    lines.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
                catch (JsonException)
                {
                }
            }
        }

        return lines;
    }
}
