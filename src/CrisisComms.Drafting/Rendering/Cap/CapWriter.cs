using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;

namespace CrisisComms.Drafting.Rendering.Cap;

/// <summary>
/// Writes a <see cref="CapAlert"/> as CAP 1.2 XML. Production has no copy of the XSD, so validity comes
/// by construction: elements in the schema's sequence order, code lists from enums, and the rules the
/// schema and the CAP 1.2 text impose on free strings checked here (throwing <see cref="ArgumentException"/>).
/// </summary>
internal static partial class CapWriter
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";

    public static string Write(CapAlert alert)
    {
        Check(alert);

        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
        };
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("alert", Namespace);
            Element(xml, "identifier", alert.Identifier);
            Element(xml, "sender", alert.Sender);
            Element(xml, "sent", Time(alert.Sent));
            Element(xml, "status", Code(alert.Status));
            Element(xml, "msgType", Code(alert.MsgType));
            Element(xml, "scope", Code(alert.Scope));
            Optional(xml, "restriction", alert.Restriction);
            Optional(xml, "addresses", List(alert.Addresses));
            Optional(xml, "note", alert.Note);
            Optional(xml, "references", string.Join(' ', alert.References.Select(r => $"{r.Sender},{r.Identifier},{Time(r.Sent)}")));
            Optional(xml, "incidents", List(alert.Incidents));
            foreach (var info in alert.Infos)
            {
                WriteInfo(xml, info);
            }

            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>CAP 1.2 §3.3.2: no fractional seconds, no "Z", and UTC written as "-00:00".</summary>
    public static string Time(DateTimeOffset time)
    {
        var text = time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return time.Offset == TimeSpan.Zero ? text[..^6] + "-00:00" : text;
    }

    private static void WriteInfo(XmlWriter xml, CapInfo info)
    {
        xml.WriteStartElement("info", Namespace);
        Element(xml, "language", info.Language);
        foreach (var category in info.Categories)
        {
            Element(xml, "category", Code(category));
        }

        Element(xml, "event", info.Event);
        foreach (var responseType in info.ResponseTypes)
        {
            Element(xml, "responseType", Code(responseType));
        }

        Element(xml, "urgency", Code(info.Urgency));
        Element(xml, "severity", Code(info.Severity));
        Element(xml, "certainty", Code(info.Certainty));
        Optional(xml, "effective", info.Effective is { } effective ? Time(effective) : null);
        Optional(xml, "onset", info.Onset is { } onset ? Time(onset) : null);
        Optional(xml, "expires", info.Expires is { } expires ? Time(expires) : null);
        Optional(xml, "senderName", info.SenderName);
        Optional(xml, "headline", info.Headline);
        Optional(xml, "description", info.Description);
        Optional(xml, "instruction", info.Instruction);
        Optional(xml, "web", info.Web?.AbsoluteUri);
        Optional(xml, "contact", info.Contact);
        foreach (var area in info.Areas)
        {
            xml.WriteStartElement("area", Namespace);
            Element(xml, "areaDesc", area.AreaDesc);
            foreach (var polygon in area.Polygons)
            {
                Element(xml, "polygon", string.Join(' ', ClosedRing(polygon.Points).Select(Point)));
            }

            foreach (var circle in area.Circles)
            {
                Element(xml, "circle", $"{Point(circle.Centre)} {Number(circle.RadiusKm)}");
            }

            foreach (var geocode in area.Geocodes)
            {
                xml.WriteStartElement("geocode", Namespace);
                Element(xml, "valueName", geocode.ValueName);
                Element(xml, "value", geocode.Value);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) =>
        xml.WriteElementString(name, Namespace, value);

    /// <summary>Writes nothing for a missing value, so an optional element is left out, not empty.</summary>
    private static void Optional(XmlWriter xml, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Element(xml, name, value);
        }
    }

    private static string Code<T>(T value)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value.ToString() : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a CAP {typeof(T).Name}.");

    // CAP 1.2 §3.3.2: space-separated, and an item containing whitespace goes in double quotes.
    private static string List(IEnumerable<string> items) =>
        string.Join(' ', items.Select(item => item.Any(char.IsWhiteSpace) ? $"\"{item}\"" : item));

    private static IEnumerable<CapPoint> ClosedRing(IReadOnlyList<CapPoint> points) =>
        points[0] == points[^1] ? points : points.Append(points[0]);

    // Fixed-point: "R" would write a point just off the Greenwich meridian as "-1E-05". Six places is ~0.1 m.
    private static string Point(CapPoint point) => $"{Number(point.Latitude)},{Number(point.Longitude)}";

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static void Check(CapAlert alert)
    {
        CheckIdentifier(alert.Identifier, nameof(CapAlert.Identifier));
        CheckIdentifier(alert.Sender, nameof(CapAlert.Sender));
        foreach (var reference in alert.References)
        {
            CheckIdentifier(reference.Identifier, nameof(CapAlert.References));
            CheckIdentifier(reference.Sender, nameof(CapAlert.References));
        }

        if (alert.Scope == CapScope.Restricted && string.IsNullOrWhiteSpace(alert.Restriction))
        {
            throw new ArgumentException("A Restricted alert needs a restriction (CAP 1.2 §3.2.1).", nameof(alert));
        }

        if (alert.Scope == CapScope.Private && alert.Addresses.Count == 0)
        {
            throw new ArgumentException("A Private alert needs addresses (CAP 1.2 §3.2.1).", nameof(alert));
        }

        if (alert.Infos.Count == 0)
        {
            throw new ArgumentException("An alert needs at least one info.", nameof(alert));
        }

        foreach (var info in alert.Infos)
        {
            if (info.Categories.Count == 0)
            {
                throw new ArgumentException("Each info needs at least one category.", nameof(alert));
            }

            if (!LanguageTag().IsMatch(info.Language))
            {
                throw new ArgumentException($"'{info.Language}' is not a language tag such as en-GB or cy.", nameof(alert));
            }

            if (info.Web is { IsAbsoluteUri: false })
            {
                throw new ArgumentException("web must be an absolute URI.", nameof(alert));
            }

            foreach (var area in info.Areas)
            {
                foreach (var polygon in area.Polygons)
                {
                    if (polygon.Points.Distinct().Count() < 3)
                    {
                        throw new ArgumentException($"A polygon of '{area.AreaDesc}' needs at least three corners.", nameof(alert));
                    }

                    CheckPoints(polygon.Points, area.AreaDesc);
                }

                foreach (var circle in area.Circles)
                {
                    CheckPoints([circle.Centre], area.AreaDesc);
                    if (!(circle.RadiusKm >= 0))
                    {
                        throw new ArgumentException($"A circle of '{area.AreaDesc}' has a negative radius.", nameof(alert));
                    }
                }
            }
        }
    }

    // CAP 1.2 §3.2.1: identifier and sender contain no spaces, commas, < or &, so references can be parsed.
    private static void CheckIdentifier(string value, string name)
    {
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is ',' or '<' or '&'))
        {
            throw new ArgumentException($"'{value}' is not a CAP identifier: it must be non-empty, without spaces, commas, < or &.", name);
        }
    }

    private static void CheckPoints(IEnumerable<CapPoint> points, string areaDesc)
    {
        if (points.Any(p => !(Math.Abs(p.Latitude) <= 90 && Math.Abs(p.Longitude) <= 180)))
        {
            throw new ArgumentException($"'{areaDesc}' has a point outside WGS 84 latitude/longitude.", "alert");
        }
    }

    // xs:language, which the schema gives <language>.
    [GeneratedRegex("^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();
}
