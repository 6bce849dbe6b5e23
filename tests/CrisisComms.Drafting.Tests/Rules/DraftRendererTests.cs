using System.Xml.Linq;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Rendering;
using CrisisComms.Drafting.Rendering.Cap;
using CrisisComms.Drafting.Rendering.TwitterText;
using CrisisComms.Drafting.Tests.Cap;
using Xunit;

namespace CrisisComms.Drafting.Tests.Rules;

public sealed class DraftRendererTests
{
    private static readonly CapSchema Schema = CapSpecs.LoadSchema();

    private static readonly RenderContext Context = new(
        "Demo County Council", "#DCCFlood", "River Exe flooding", Severity.Major, ["Exeter St Thomas", "Cowley Bridge"],
        "emergencies@demo.crisiscomms", "crisiscomms-0001", new Uri("https://alerts.demo.example/incidents/1"),
        new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero), Follows: null);

    private static ChannelRendering Render(string channel, string body, string headline = "Flood warning", DraftKind kind = DraftKind.Initial, RenderContext? context = null) =>
        DraftRenderer.RenderChannel(channel, kind, headline, body, context ?? Context);

    [Fact]
    public void On_X_the_hashtag_is_appended_when_it_fits_and_counted_as_X_counts()
    {
        var x = Render(ChannelNames.X, "Avoid Bonhay Road. Details: https://www.devon.gov.uk/floods");

        Assert.Equal("Avoid Bonhay Road. Details: https://www.devon.gov.uk/floods #DCCFlood", x.Text);
        Assert.True(x.HashtagIncluded);
        Assert.Equal(TweetParser.Parse(x.Text, TwitterTextConfig.V3).WeightedLength, x.Used);
        Assert.Equal(28 + 23 + 10, x.Used); // the link counts 23 whatever its length
        Assert.Equal(Verdict.Fits, x.Verdict);
        Assert.Equal("61/280", x.Counter);
    }

    [Fact]
    public void On_X_a_tag_already_in_the_text_is_not_added_again()
    {
        var x = Render(ChannelNames.X, "#dccflood Avoid Bonhay Road.");

        Assert.Equal("#dccflood Avoid Bonhay Road.", x.Text);
        Assert.True(x.HashtagIncluded);
    }

    [Fact]
    public void On_X_a_tag_that_does_not_fit_is_left_off_and_the_verdict_says_by_how_much()
    {
        var body = new string('x', 275);

        var x = Render(ChannelNames.X, body);

        Assert.Equal(body, x.Text);
        Assert.False(x.HashtagIncluded);
        Assert.Equal(Verdict.Warning, x.Verdict);
        Assert.Equal("#DCCFlood left off: with it the post is 5 over 280", x.VerdictText);
    }

    [Fact]
    public void A_post_too_long_for_X_says_by_how_much_and_comes_as_a_numbered_thread_that_fits()
    {
        var body = string.Join(' ', Enumerable.Range(1, 12).Select(i => $"Sentence number {i} about the flood in Exeter and what to do about it."));

        var x = Render(ChannelNames.X, body);

        Assert.Equal(Verdict.TooLong, x.Verdict);
        Assert.StartsWith($"{x.Used - 280} over 280; can go as a thread of {x.Thread!.Count} posts", x.VerdictText, StringComparison.Ordinal);
        Assert.True(x.Thread.Count >= 3);
        Assert.All(x.Thread, part => Assert.True(TweetParser.Parse(part, TwitterTextConfig.V3).Valid, part));
        Assert.Equal($" (1/{x.Thread.Count})", x.Thread[0][^(x.Thread.Count >= 10 ? 7 : 6)..]);
        Assert.Equal(body + " #DCCFlood", string.Join(' ', x.Thread.Select(p => p[..p.LastIndexOf(" (", StringComparison.Ordinal)])));
    }

    [Fact]
    public void SMS_is_sanitised_first_then_counted_in_segments_with_the_tag_only_if_it_costs_nothing()
    {
        var sms = Render(ChannelNames.Sms, "Don’t drive through flood water — it’s deeper than it looks.");

        Assert.Equal("Don't drive through flood water - it's deeper than it looks. #DCCFlood", sms.Text);
        Assert.Equal("1 text (GSM), 90 characters left", sms.Counter);
        Assert.Equal(Verdict.Fits, sms.Verdict);
    }

    [Fact]
    public void SMS_says_which_characters_forced_Unicode()
    {
        var sms = Render(ChannelNames.Sms, "Mae'r ganolfan orffwys ar agor yn Nhŷ'r Dref.");

        Assert.Equal(Verdict.Warning, sms.Verdict);
        Assert.Contains("ŷ forced Unicode: 70 characters per text instead of 160", sms.VerdictText, StringComparison.Ordinal);
    }

    [Fact]
    public void SMS_over_three_texts_is_too_long_by_so_many_characters()
    {
        var sms = Render(ChannelNames.Sms, new string('a', 470));

        Assert.Equal(Verdict.TooLong, sms.Verdict);
        Assert.Equal("11 characters over the 3-text limit", sms.VerdictText);
        Assert.False(sms.HashtagIncluded);
    }

    [Fact]
    public void Telegram_escapes_its_HTML_markup()
    {
        var telegram = Render(ChannelNames.Telegram, "Levels <1m> & falling", headline: "Rivers & roads");

        Assert.Equal("<b>Rivers &amp; roads</b>\n\nLevels &lt;1m&gt; &amp; falling\n\n#DCCFlood", telegram.Html);
    }

    [Fact]
    public void Email_has_a_subject_a_plain_body_and_an_escaped_HTML_body()
    {
        var email = Render(ChannelNames.Email, "Sandbags at <the depot>.\n\nBring ID.", headline: "Sandbags & help");

        Assert.Equal("[Demo County Council] Sandbags & help", email.Subject);
        Assert.Contains("Sandbags at <the depot>.", email.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Sandbags at &lt;the depot&gt;.</p><p>Bring ID.</p>", email.Html, StringComparison.Ordinal);
        Assert.Contains("https://alerts.demo.example/incidents/1", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CAP_rendering_is_a_valid_CAP_1_2_alert()
    {
        var cap = Render(ChannelNames.Cap, "Flooding expected. Move valuables upstairs.");

        Assert.Empty(Schema.Validate(cap.CapXml!));
        var alert = XDocument.Parse(cap.CapXml!).Root!;
        XNamespace ns = CapWriter.Namespace;
        Assert.Equal("Alert", alert.Element(ns + "msgType")!.Value);
        Assert.Equal("Severe", alert.Element(ns + "info")!.Element(ns + "severity")!.Value);
        Assert.Equal(["Exeter St Thomas", "Cowley Bridge"], alert.Descendants(ns + "areaDesc").Select(a => a.Value));
    }

    [Theory]
    [InlineData("Update", "Update", "Monitor")]
    [InlineData("Correction", "Update", "Monitor")]
    [InlineData("AllClear", "Update", "AllClear")]
    [InlineData("Retraction", "Cancel", "Monitor")]
    public void A_follow_up_references_the_original_alert(string draftKind, string messageType, string response)
    {
        var kind = Enum.Parse<DraftKind>(draftKind);
        var original = new CapReference("emergencies@demo.crisiscomms", "crisiscomms-0000", new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

        var cap = Render(ChannelNames.Cap, "Update on the flood.", kind: kind, context: Context with { Follows = original });

        Assert.Empty(Schema.Validate(cap.CapXml!));
        XNamespace ns = CapWriter.Namespace;
        var alert = XDocument.Parse(cap.CapXml!).Root!;
        Assert.Equal(messageType, alert.Element(ns + "msgType")!.Value);
        Assert.Equal("emergencies@demo.crisiscomms,crisiscomms-0000,2026-11-26T09:00:00-00:00", alert.Element(ns + "references")!.Value);
        Assert.Equal(response, alert.Element(ns + "info")!.Element(ns + "responseType")!.Value);
    }

    [Fact]
    public void Every_channel_renders_with_a_counter_and_a_verdict()
    {
        var all = DraftRenderer.Render(DraftKind.Initial, "Flood warning", "Avoid the river paths.", ChannelNames.All, Context);

        Assert.Equal(ChannelNames.All, all.Select(r => r.Channel));
        Assert.All(all, r => Assert.False(string.IsNullOrEmpty(r.Counter)));
        Assert.All(all, r => Assert.NotEqual(Verdict.TooLong, r.Verdict));
    }
}
