using System.Xml.Linq;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using CrisisComms.Testing.Hosts;
using Xunit;

namespace CrisisComms.Monitoring.Tests.Sources;

public sealed class FeedSourceTests : MonitoringTest
{
    private static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";
    private static readonly string Examples = RepositoryRoot.Shared("specs", "cap", "examples");

    protected override void Configure(ServiceHostOptions options)
    {
        base.Configure(options);
        options.Settings["CrisisComms:Monitoring:CapSchemaPath"] = RepositoryRoot.Shared("specs", "cap", "CAP-v1.2.xsd");
    }

    [Fact]
    public async Task A_partner_s_Atom_index_of_CAP_alerts_becomes_inbound_alerts_each_once_and_an_invalid_alert_is_refused_by_the_schema()
    {
        await using var feeds = await FakeFeedServer.StartAsync();
        var files = Directory.GetFiles(Examples).Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            feeds.Set($"cap/{Path.GetFileName(file)}", await File.ReadAllTextAsync(file), "application/cap+xml");
        }

        feeds.Set("alerts.atom", Atom(files.Select(f => ($"urn:partner:{Path.GetFileName(f)}", feeds.Url($"cap/{Path.GetFileName(f)}")))), "application/atom+xml");
        await SetAccountAsync("feed-partner", new { url = feeds.Url("alerts.atom").ToString(), name = "Partner alerts" }, new { });

        var first = await PollAsync("feed:partner");
        var expected = files.Where(f => !f.EndsWith("google-invalid.cap", StringComparison.Ordinal)).Select(Triple).Distinct().ToList();
        var announced = await AnnouncedAsync("feed", expected.Count);
        var rejections = await Host.Client.GetJsonAsync("/api/v1/monitoring/sources/feed:partner/rejections");
        var fetchedFirst = feeds.Full;
        var second = await PollAsync("feed:partner");

        Assert.Equal(PollOutcome.Polled, first.Outcome);
        Assert.Equal(expected.Order(StringComparer.Ordinal), announced.Select(m => m.NativeId).Order(StringComparer.Ordinal));
        Assert.All(announced, m => Assert.Equal("Alert", m.Kind));
        var quake = Assert.Single(announced, m => m.NativeId.StartsWith("trinet@caltech.edu,TRI13970876.2,", StringComparison.Ordinal));
        Assert.Equal("trinet@caltech.edu,TRI13970876.1,2003-06-11T20:30:00-07:00", quake.InReplyToNativeId);
        Assert.StartsWith("Update: ", quake.Text, StringComparison.Ordinal);
        var storm = Assert.Single(announced, m => m.NativeId.StartsWith("KSTO@NWS.NOAA.GOV,", StringComparison.Ordinal));
        Assert.Equal("NATIONAL WEATHER SERVICE SACRAMENTO CA", storm.Author);
        Assert.Contains("TAKE COVER", storm.Text, StringComparison.Ordinal);
        Assert.Contains(rejections.EnumerateArray(), r => r.Text("nativeId") == "urn:partner:google-invalid.cap" && r.Text("reason").Contains("scope", StringComparison.Ordinal));

        // Unchanged: one conditional GET answered 304, and no alert fetched again.
        Assert.Equal(PollOutcome.Polled, second.Outcome);
        Assert.Equal(1, feeds.NotModified);
        Assert.Equal(fetchedFirst, feeds.Full);
    }

    [Fact]
    public async Task An_RSS_feed_is_read_with_conditional_GETs_and_only_new_items_are_announced()
    {
        await using var feeds = await FakeFeedServer.StartAsync();
        feeds.Set("warnings.rss", Rss(("w1", "Flood Alert: River Exe at Exeter", "Flooding is possible. <b>Be prepared.</b>")));
        await SetAccountAsync("feed-ea", new { url = feeds.Url("warnings.rss").ToString(), name = "Environment Agency" }, new { });

        await PollAsync("feed:ea");
        await PollAsync("feed:ea");
        feeds.Set("warnings.rss", Rss(("w1", "Flood Alert: River Exe at Exeter", "Flooding is possible. <b>Be prepared.</b>"), ("w2", "Flood Warning: River Clyst", "Flooding is expected.")));
        var third = await PollAsync("feed:ea");
        var announced = await AnnouncedAsync("feed", 2);

        Assert.Equal(1, feeds.NotModified);
        Assert.Equal(1, third.New);
        var alert = Assert.Single(announced, m => m.NativeId == "w1");
        Assert.Equal(("Environment Agency", "Alert"), (alert.Author, alert.Kind));
        Assert.Equal("Flood Alert: River Exe at Exeter\nFlooding is possible. Be prepared.", alert.Text);
        Assert.Equal("https://example.gov.uk/w1", alert.Url);
    }

    [Fact]
    public async Task Test_and_exercise_alerts_are_not_mentions_and_a_broken_feed_fails_the_poll_without_moving_on()
    {
        await using var feeds = await FakeFeedServer.StartAsync();
        var test = (await File.ReadAllTextAsync(Path.Combine(Examples, "cap12-appendix-A2.xml"))).Replace("<status>Actual</status>", "<status>Test</status>", StringComparison.Ordinal);
        feeds.Set("test.cap", test, "application/cap+xml");
        feeds.Set("broken.rss", "<rss><channel><item><title>unterminated");
        await SetAccountAsync("feed-drill", new { url = feeds.Url("test.cap").ToString() }, new { });
        await SetAccountAsync("feed-broken", new { url = feeds.Url("broken.rss").ToString() }, new { });

        var drill = await PollAsync("feed:drill");
        var broken = await PollAsync("feed:broken");
        var rejections = await Host.Client.GetJsonAsync("/api/v1/monitoring/sources/feed:drill/rejections");

        Assert.Equal((PollOutcome.Polled, 0, 1), (drill.Outcome, drill.New, drill.Rejected));
        Assert.Contains("status Test", Assert.Single(rejections.EnumerateArray()).Text("reason"), StringComparison.Ordinal);
        Assert.Equal(PollOutcome.Failed, broken.Outcome);
        Assert.Contains("not well-formed XML", broken.Error, StringComparison.Ordinal);
        Assert.Null((await StateAsync("feed:broken"))!.Cursor);
    }

    private static string Triple(string file)
    {
        var alert = XDocument.Load(file).Root!;
        return $"{alert.Element(Cap + "sender")!.Value.Trim()},{alert.Element(Cap + "identifier")!.Value.Trim()},{alert.Element(Cap + "sent")!.Value.Trim()}";
    }

    private static string Atom(IEnumerable<(string Id, Uri Link)> entries)
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        return new XDocument(new XElement(atom + "feed",
            new XElement(atom + "title", "Partner alerts"),
            new XElement(atom + "id", "urn:partner:alerts"),
            new XElement(atom + "updated", "2026-11-26T08:00:00Z"),
            entries.Select(e => new XElement(atom + "entry",
                new XElement(atom + "id", e.Id),
                new XElement(atom + "title", e.Id),
                new XElement(atom + "updated", "2026-11-26T08:00:00Z"),
                new XElement(atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "application/cap+xml"), new XAttribute("href", e.Link.ToString())))))).ToString();
    }

    private static string Rss(params (string Guid, string Title, string Description)[] items) =>
        new XDocument(new XElement("rss", new XAttribute("version", "2.0"),
            new XElement("channel",
                new XElement("title", "Flood warnings"),
                new XElement("link", "https://example.gov.uk/"),
                new XElement("description", "Warnings in force"),
                new XElement("language", "en-gb"),
                items.Select(i => new XElement("item",
                    new XElement("guid", new XAttribute("isPermaLink", "false"), i.Guid),
                    new XElement("title", i.Title),
                    new XElement("description", i.Description),
                    new XElement("link", $"https://example.gov.uk/{i.Guid}"),
                    new XElement("pubDate", "Wed, 26 Nov 2026 08:00:00 GMT")))))).ToString();
}
