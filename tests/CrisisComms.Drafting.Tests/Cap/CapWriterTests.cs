using System.Text.RegularExpressions;
using System.Xml.Linq;
using CrisisComms.Drafting.Rendering.Cap;
using Xunit;

namespace CrisisComms.Drafting.Tests.Cap;

public sealed class CapWriterTests
{
    private static readonly XNamespace Cap = CapWriter.Namespace;
    private static readonly DateTimeOffset TwoPm = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    private readonly CapSchema schema = CapSpecs.LoadSchema();

    private static CapAlert FloodWarning() => new(
        "DCC-2026-0042",
        "alerts@devon.gov.uk",
        TwoPm,
        CapStatus.Actual,
        CapMessageType.Alert,
        CapScope.Public,
        [
            new CapInfo([CapCategory.Met, CapCategory.Safety], "Flood warning", CapUrgency.Immediate, CapSeverity.Severe, CapCertainty.Likely)
            {
                ResponseTypes = [CapResponseType.Prepare, CapResponseType.Avoid],
                Effective = TwoPm,
                Expires = TwoPm.AddHours(12),
                SenderName = "Devon County Council",
                Headline = "Flooding expected on the River Exe at Exeter",
                Description = "River levels are rising after heavy rain. Flooding of roads and properties is expected from 6pm.",
                Instruction = "Move valuables upstairs. Do not drive through flood water.",
                Web = new Uri("https://www.devon.gov.uk/floodriskmanagement/"),
                Contact = "0345 155 1015",
                Areas =
                [
                    new CapArea("River Exe at Exeter: Exeter Quay and St Thomas")
                    {
                        Polygons =
                        [
                            new CapPolygon([new(50.7190, -3.5330), new(50.7260, -3.5290), new(50.7200, -3.5150), new(50.7130, -3.5200), new(50.7190, -3.5330)]),
                        ],
                    },
                    new CapArea("Exeter")
                    {
                        Geocodes = [new CapGeocode("ONS", "E07000041")],
                    },
                ],
            },
        ]);

    private static CapInfo Info(string @event, CapResponseType responseType) =>
        new([CapCategory.Met], @event, CapUrgency.Immediate, CapSeverity.Moderate, CapCertainty.Observed)
        {
            ResponseTypes = [responseType],
            Areas = [new CapArea("Exeter")],
        };

    private static XElement Parse(string xml) => XDocument.Parse(xml).Root!;

    [Fact]
    public void A_flood_warning_with_two_areas_is_valid_CAP()
    {
        var xml = CapWriter.Write(FloodWarning());

        Assert.Empty(schema.Validate(xml));
        var areas = Parse(xml).Element(Cap + "info")!.Elements(Cap + "area").ToList();
        Assert.Equal(2, areas.Count);
        Assert.Equal(
            "50.719,-3.533 50.726,-3.529 50.72,-3.515 50.713,-3.52 50.719,-3.533",
            areas[0].Element(Cap + "polygon")!.Value);
        Assert.Equal("E07000041", areas[1].Element(Cap + "geocode")!.Element(Cap + "value")!.Value);
    }

    [Fact]
    public void Elements_come_in_the_schema_order()
    {
        var alert = Parse(CapWriter.Write(FloodWarning()));

        Assert.Equal(
            ["identifier", "sender", "sent", "status", "msgType", "scope", "info"],
            alert.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(
            ["language", "category", "category", "event", "responseType", "responseType", "urgency", "severity", "certainty",
             "effective", "expires", "senderName", "headline", "description", "instruction", "web", "contact", "area", "area"],
            alert.Element(Cap + "info")!.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public void The_document_is_UTF8_in_the_CAP_1_2_namespace_with_language_en_GB()
    {
        var xml = CapWriter.Write(FloodWarning());

        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml, StringComparison.Ordinal);
        var alert = Parse(xml);
        Assert.Equal(Cap + "alert", alert.Name);
        Assert.Equal("en-GB", alert.Element(Cap + "info")!.Element(Cap + "language")!.Value);
    }

    [Fact]
    public void An_update_references_the_alert_it_updates()
    {
        var original = FloodWarning();
        var update = original with
        {
            Identifier = "DCC-2026-0043",
            Sent = TwoPm.AddHours(2),
            MsgType = CapMessageType.Update,
            References = [CapReference.To(original)],
            Incidents = ["DCCFlood", "River Exe 2026"],
        };

        var xml = CapWriter.Write(update);

        Assert.Empty(schema.Validate(xml));
        var alert = Parse(xml);
        Assert.Equal("Update", alert.Element(Cap + "msgType")!.Value);
        Assert.Equal("alerts@devon.gov.uk,DCC-2026-0042,2026-11-26T14:00:00-00:00", alert.Element(Cap + "references")!.Value);
        Assert.Equal("DCCFlood \"River Exe 2026\"", alert.Element(Cap + "incidents")!.Value);
    }

    [Fact]
    public void Several_references_are_separated_by_spaces()
    {
        var alert = FloodWarning() with
        {
            MsgType = CapMessageType.Update,
            References =
            [
                new CapReference("alerts@devon.gov.uk", "DCC-1", TwoPm.AddHours(-2)),
                new CapReference("alerts@devon.gov.uk", "DCC-2", TwoPm.AddHours(-1)),
            ],
        };

        var xml = CapWriter.Write(alert);

        Assert.Empty(schema.Validate(xml));
        Assert.Equal(
            "alerts@devon.gov.uk,DCC-1,2026-11-26T12:00:00-00:00 alerts@devon.gov.uk,DCC-2,2026-11-26T13:00:00-00:00",
            Parse(xml).Element(Cap + "references")!.Value);
    }

    [Fact]
    public void A_cancel_is_valid_CAP()
    {
        var original = FloodWarning();
        var cancel = new CapAlert(
            "DCC-2026-0044", original.Sender, TwoPm.AddHours(3), CapStatus.Actual, CapMessageType.Cancel, CapScope.Public,
            [Info("Flood warning", CapResponseType.None) with { Headline = "Flood warning sent in error: please ignore it" }])
        {
            Note = "Issued for the wrong river.",
            References = [CapReference.To(original)],
        };

        var xml = CapWriter.Write(cancel);

        Assert.Empty(schema.Validate(xml));
        Assert.Equal("Cancel", Parse(xml).Element(Cap + "msgType")!.Value);
    }

    [Fact]
    public void An_all_clear_is_valid_CAP()
    {
        var original = FloodWarning();
        var allClear = new CapAlert(
            "DCC-2026-0045", original.Sender, TwoPm.AddDays(1), CapStatus.Actual, CapMessageType.Update, CapScope.Public,
            [Info("Flood warning", CapResponseType.AllClear) with { Headline = "Flood warning lifted", Urgency = CapUrgency.Past, Severity = CapSeverity.Minor }])
        {
            References = [CapReference.To(original)],
        };

        var xml = CapWriter.Write(allClear);

        Assert.Empty(schema.Validate(xml));
        Assert.Equal("AllClear", Parse(xml).Element(Cap + "info")!.Element(Cap + "responseType")!.Value);
    }

    [Fact]
    public void An_alert_in_English_and_Welsh_is_valid_CAP()
    {
        var english = FloodWarning().Infos[0];
        var alert = FloodWarning() with
        {
            Infos = [english, english with { Language = "cy", Event = "Rhybudd llifogydd", Headline = "Disgwylir llifogydd ar Afon Wysg" }],
        };

        var xml = CapWriter.Write(alert);

        Assert.Empty(schema.Validate(xml));
        Assert.Equal(["en-GB", "cy"], Parse(xml).Elements(Cap + "info").Select(i => i.Element(Cap + "language")!.Value));
    }

    [Fact]
    public void Restricted_and_private_alerts_are_valid_CAP()
    {
        var restricted = FloodWarning() with { Scope = CapScope.Restricted, Restriction = "Category 1 and 2 responders only" };
        var @private = FloodWarning() with { Scope = CapScope.Private, Addresses = ["duty-officer@devon.gov.uk", "Exeter Silver"] };

        Assert.Empty(schema.Validate(CapWriter.Write(restricted)));
        var xml = CapWriter.Write(@private);
        Assert.Empty(schema.Validate(xml));
        Assert.Equal("duty-officer@devon.gov.uk \"Exeter Silver\"", Parse(xml).Element(Cap + "addresses")!.Value);
    }

    [Fact]
    public void A_circle_is_written_as_centre_and_radius_in_km()
    {
        var info = FloodWarning().Infos[0] with
        {
            Areas = [new CapArea("Within 2 km of the Marsh Barton fire") { Circles = [new CapCircle(new(50.7001, -3.5238), 2)] }],
        };

        var xml = CapWriter.Write(FloodWarning() with { Infos = [info] });

        Assert.Empty(schema.Validate(xml));
        Assert.Equal("50.7001,-3.5238 2", Parse(xml).Descendants(Cap + "circle").Single().Value);
    }

    [Fact]
    public void Text_with_markup_characters_Welsh_and_emoji_round_trips()
    {
        const string headline = "Tom & Jerry's <b>\"flood\"</b> > 2 m";
        const string description = "Peidiwch ag yfed dŵr o'r tap 🚱\nAros yn ddiogel – ŷ ŵ";
        const string areaDesc = "Caerdydd & Bro Morgannwg <Cardiff>";
        var info = FloodWarning().Infos[0] with
        {
            Headline = headline,
            Description = description,
            Areas = [new CapArea(areaDesc) { Geocodes = [new CapGeocode("ONS", "W06000015")] }],
        };

        var xml = CapWriter.Write(FloodWarning() with { Note = "a < b && c > d", Infos = [info] });

        Assert.Empty(schema.Validate(xml));
        Assert.Contains("Tom &amp; Jerry's &lt;b&gt;", xml, StringComparison.Ordinal);
        var alert = Parse(xml);
        Assert.Equal("a < b && c > d", alert.Element(Cap + "note")!.Value);
        var written = alert.Element(Cap + "info")!;
        Assert.Equal(headline, written.Element(Cap + "headline")!.Value);
        Assert.Equal(description, written.Element(Cap + "description")!.Value);
        Assert.Equal(areaDesc, written.Element(Cap + "area")!.Element(Cap + "areaDesc")!.Value);
    }

    [Fact]
    public void Every_time_matches_the_schema_pattern()
    {
        var pattern = new Regex(
            "^" + XDocument.Load(CapSpecs.XsdPath).Descendants(XNamespace.Get("http://www.w3.org/2001/XMLSchema") + "pattern")
                .Select(p => p.Attribute("value")!.Value).Distinct().Single() + "$");
        var alert = Parse(CapWriter.Write(FloodWarning()));

        var times = new[] { alert.Element(Cap + "sent")! }.Concat(alert.Descendants(Cap + "effective")).Concat(alert.Descendants(Cap + "expires"));

        Assert.All(times, time => Assert.Matches(pattern, time.Value));
    }

    [Theory]
    [InlineData(0, "2026-11-26T14:00:00-00:00")] // CAP 1.2 §3.3.2: UTC is "-00:00", never "Z" or "+00:00"
    [InlineData(1, "2026-11-26T14:00:00+01:00")] // British Summer Time
    [InlineData(-7, "2026-11-26T14:00:00-07:00")]
    public void A_time_keeps_its_offset_and_writes_UTC_as_minus_zero(int offsetHours, string expected) =>
        Assert.Equal(expected, CapWriter.Time(new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.FromHours(offsetHours))));

    [Fact]
    public void Fractions_of_a_second_are_dropped() =>
        Assert.Equal("2026-11-26T14:00:05-00:00", CapWriter.Time(new DateTimeOffset(2026, 11, 26, 14, 0, 5, 999, TimeSpan.Zero)));

    [Fact]
    public void An_open_polygon_is_closed_and_coordinates_near_Greenwich_are_not_in_exponent_form()
    {
        var info = FloodWarning().Infos[0] with
        {
            Areas = [new CapArea("Greenwich Peninsula") { Polygons = [new CapPolygon([new(51.5, -0.00001), new(51.51, 0.01), new(51.49, 0.01)])] }],
        };

        var xml = CapWriter.Write(FloodWarning() with { Infos = [info] });

        Assert.Empty(schema.Validate(xml));
        Assert.Equal("51.5,-0.00001 51.51,0.01 51.49,0.01 51.5,-0.00001", Parse(xml).Descendants(Cap + "polygon").Single().Value);
    }

    // Keyed by name so the theory's cases show by name and the records stay internal.
    private static readonly Dictionary<string, Func<CapAlert, CapInfo, CapAlert>> Breakages = new()
    {
        ["no info"] = (good, _) => good with { Infos = [] },
        ["no category"] = (good, info) => good with { Infos = [info with { Categories = [] }] },
        ["identifier with a space"] = (good, _) => good with { Identifier = "DCC 42" },
        ["identifier with a comma"] = (good, _) => good with { Identifier = "DCC,42" },
        ["empty identifier"] = (good, _) => good with { Identifier = "" },
        ["sender with an ampersand"] = (good, _) => good with { Sender = "a&b@devon.gov.uk" },
        ["reference with a comma"] = (good, _) => good with { References = [new CapReference("alerts@devon.gov.uk", "DCC,1", TwoPm)] },
        ["Restricted without restriction"] = (good, _) => good with { Scope = CapScope.Restricted },
        ["Private without addresses"] = (good, _) => good with { Scope = CapScope.Private },
        ["status outside the code list"] = (good, _) => good with { Status = (CapStatus)42 },
        ["response type outside the code list"] = (good, info) => good with { Infos = [info with { ResponseTypes = [(CapResponseType)42] }] },
        ["language that is not a tag"] = (good, info) => good with { Infos = [info with { Language = "English (UK)" }] },
        ["relative web link"] = (good, info) => good with { Infos = [info with { Web = new Uri("/flood", UriKind.Relative) }] },
        ["polygon of two points"] = (good, info) => good with { Infos = [info with { Areas = [new CapArea("x") { Polygons = [new CapPolygon([new(50, -3), new(51, -3), new(50, -3)])] }] }] },
        ["latitude beyond 90"] = (good, info) => good with { Infos = [info with { Areas = [new CapArea("x") { Circles = [new CapCircle(new(91, -3), 1)] }] }] },
        ["negative radius"] = (good, info) => good with { Infos = [info with { Areas = [new CapArea("x") { Circles = [new CapCircle(new(50, -3), -1)] }] }] },
        ["control character in text"] = (good, _) => good with { Note = "bell\u0007" },
    };

    public static TheoryData<string> InvalidAlerts() => new(Breakages.Keys);

    [Theory]
    [MemberData(nameof(InvalidAlerts))]
    public void An_alert_that_would_not_be_valid_CAP_is_refused(string breakage)
    {
        var good = FloodWarning();
        var alert = Breakages[breakage](good, good.Infos[0]);

        Assert.ThrowsAny<ArgumentException>(() => CapWriter.Write(alert));
    }
}
