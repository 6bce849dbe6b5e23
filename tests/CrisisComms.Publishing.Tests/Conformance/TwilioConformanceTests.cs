using System.Net;
using System.Text;
using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Channels.Sms;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Publishing.Recipients;
using CrisisComms.Testing.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace CrisisComms.Publishing.Tests.Conformance;

/// <summary>
/// Every request <see cref="TwilioSmsAdapter"/> makes, sent to Prism mocking Twilio's API 2010-04-01 OpenAPI file:
/// a request that breaks the spec throws <see cref="PrismViolationException"/> and fails the test. The adapter's
/// delivery records live in a private in-memory SQLite database. Prism's bodies are junk, so these tests look at the
/// requests, and only check that the adapter copes with the answers.
/// </summary>
public sealed class TwilioConformanceTests(TwilioPrism prism) : IClassFixture<TwilioPrism>
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "auth-token";
    private const string From = "+447700900001";
    private const string StatusCallback = "https://crisis.example.org/api/v1/publishing/twilio/status";
    private static readonly string[] Residents = ["+447700900123", "+447700900456", "+447700900789"];

    [Fact]
    public async Task A_text_to_a_group_is_one_form_post_per_subscriber_with_the_status_callback()
    {
        await using var sms = await SmsAccount.StartAsync(prism, new { accountSid = AccountSid, from = From, statusCallback = StatusCallback, groups = "residents" });
        var post = Post("Evacuate Zone 4 now: rest centre at the Corn Exchange.");

        var outcome = await sms.Adapter.PublishAsync(post, sms.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        var sends = sms.Guard.Exchanges;
        Assert.Equal(Residents, sends.Select(s => Form(s)["To"]));
        Assert.All(sends, s =>
        {
            AssertSend(s);
            var form = Form(s);
            Assert.Equal(new[] { "To", "Body", "From", "StatusCallback" }, form.Keys);
            Assert.Equal(post.Text, form["Body"]);
            Assert.Equal(From, form["From"]);
            Assert.Equal(StatusCallback, form["StatusCallback"]);
        });
        Assert.All(await sms.DeliveriesAsync(post), d => Assert.True(d is { Status: "queued", MessageSid: not null }, $"{d.Recipient}: {d.Status}"));
        sms.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_messaging_service_sends_in_place_of_a_from_number()
    {
        const string Service = "MG0123456789abcdef0123456789abcdef";
        await using var sms = await SmsAccount.StartAsync(prism, new { accountSid = AccountSid, messagingServiceSid = Service, groups = "residents" });

        var outcome = await sms.Adapter.PublishAsync(Post("Boil water notice lifted."), sms.Call(), CancellationToken.None);

        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        Assert.Equal(3, sms.Guard.Exchanges.Count);
        Assert.All(sms.Guard.Exchanges, s =>
        {
            AssertSend(s);
            Assert.Equal(new[] { "To", "Body", "MessagingServiceSid" }, Form(s).Keys);
            Assert.Equal(Service, Form(s)["MessagingServiceSid"]);
        });
        sms.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_text_in_doubt_is_looked_up_in_the_message_list_before_it_is_sent_again()
    {
        await using var sms = await SmsAccount.StartAsync(prism, new { accountSid = AccountSid, from = From, statusCallback = StatusCallback, groups = "residents" });
        var post = Post("Schools closed today.");
        var attemptedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        await sms.RecordAsync(post, Residents[0], "attempted", messageSid: null, attemptedAt); // crashed mid-send
        await sms.RecordAsync(post, Residents[1], "queued", "SM0123456789abcdef0123456789abcdef", attemptedAt); // sent

        var outcome = await sms.Adapter.PublishAsync(post, sms.Call(), CancellationToken.None);

        // Prism's junk list never holds our text, so the one in doubt is sent; the one already sent is left alone.
        Assert.Equal(OutcomeKind.Published, outcome.Kind);
        var exchanges = sms.Guard.Exchanges;
        Assert.Equal(3, exchanges.Count);
        var list = exchanges[0];
        Assert.Equal("GET", list.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", list.RequestUri!.AbsolutePath);
        Assert.Contains($"Authorization: Basic {BasicCredentials}\n", list.RequestHeaders, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(list.RequestUri.Query);
        Assert.Equal(Residents[0], query["To"].ToString());
        Assert.Equal("50", query["PageSize"].ToString());
        Assert.Equal(attemptedAt.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), query["DateSent>"].ToString());
        Assert.Equal(new[] { Residents[0], Residents[2] }, exchanges.Skip(1).Select(s => Form(s)["To"]));
        Assert.All(exchanges.Skip(1), AssertSend);
        sms.Guard.AssertNoViolations();
    }

    [Fact]
    public async Task A_relative_status_callback_is_caught_by_the_guard()
    {
        // Twilio's file has no 422: Prism answers with its own problem+json, which the guard reports.
        await using var sms = await SmsAccount.StartAsync(prism, new { accountSid = AccountSid, from = From, statusCallback = "/api/v1/publishing/twilio/status", groups = "residents" });

        var refused = await Assert.ThrowsAsync<PrismViolationException>(() => sms.Adapter.PublishAsync(Post("Evacuate Zone 4 now."), sms.Call(), CancellationToken.None));

        var violation = Assert.Single(sms.Guard.Violations);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, violation.Status);
        Assert.Contains("StatusCallback must match format \\\"uri\\\"", violation.Violations, StringComparison.Ordinal);
        Assert.Same(violation, Assert.Single(refused.Exchanges));
    }

    private static string BasicCredentials => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));

    private static ChannelPost Post(string text)
    {
        var id = Guid.NewGuid();
        return new ChannelPost(id, Guid.NewGuid(), ChannelNames.Sms, text, $"{id:N}:sms", null, null, null, null, null, null);
    }

    private static void AssertSend(PrismExchange exchange)
    {
        Assert.Equal("POST", exchange.Method);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", exchange.RequestUri!.AbsolutePath);
        Assert.Contains("Content-Type: application/x-www-form-urlencoded", exchange.RequestHeaders, StringComparison.Ordinal);
        Assert.Contains($"Authorization: Basic {BasicCredentials}\n", exchange.RequestHeaders, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Form(PrismExchange exchange) =>
        QueryHelpers.ParseQuery(exchange.RequestBody).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);

    /// <summary>An SMS account with three residents subscribed (and one member of staff who is not), its adapter's HttpClient guarded.</summary>
    private sealed class SmsAccount : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly JsonElement _settings;

        private SmsAccount(SqliteConnection connection, PublishingDbContext db, PrismFixture prism, JsonElement settings)
        {
            _connection = connection;
            _settings = settings;
            Db = db;
            Guard = new PrismViolationGuard();
            Adapter = new TwilioSmsAdapter(prism.CreateClient(Guard), db, TimeProvider.System);
        }

        public PrismViolationGuard Guard { get; }

        public TwilioSmsAdapter Adapter { get; }

        private PublishingDbContext Db { get; }

        public static async Task<SmsAccount> StartAsync(PrismFixture prism, object settings)
        {
            var connection = new SqliteConnection("Data Source=:memory:");
            await connection.OpenAsync();
            var options = new DbContextOptionsBuilder<PublishingDbContext>().UseSqlite(connection);
            PersistenceExtensions.ConfigureShared(options);
            var db = new PublishingDbContext(options.Options);
            await db.Database.EnsureCreatedAsync();
            foreach (var (group, address) in Residents.Select(r => ("residents", r)).Append(("staff", "+447700900999")))
            {
                db.Recipients.Add(new Recipient { Id = Guid.NewGuid(), Channel = ChannelNames.Sms, Group = group, Address = address, AddedAt = DateTimeOffset.UtcNow });
            }

            await db.SaveChangesAsync();
            var withBase = JsonSerializer.SerializeToNode(settings)!.AsObject();
            withBase["baseUrl"] = prism.BaseAddress.ToString();
            return new SmsAccount(connection, db, prism, JsonSerializer.SerializeToElement(withBase));
        }

        public ChannelCall Call() => new(
            ChannelNames.Sms,
            _settings,
            new Dictionary<string, string> { ["authToken"] = AuthToken },
            [],
            (_, _) => Task.CompletedTask,
            _ => Task.CompletedTask);

        public async Task RecordAsync(ChannelPost post, string recipient, string status, string? messageSid, DateTimeOffset at)
        {
            Db.SmsDeliveries.Add(new SmsDelivery { PostId = post.PostId, IncidentId = post.IncidentId, Recipient = recipient, Status = status, MessageSid = messageSid, UpdatedAt = at });
            await Db.SaveChangesAsync();
            Db.ChangeTracker.Clear();
        }

        public Task<List<SmsDelivery>> DeliveriesAsync(ChannelPost post) =>
            Db.SmsDeliveries.AsNoTracking().Where(d => d.PostId == post.PostId).ToListAsync();

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }
}
