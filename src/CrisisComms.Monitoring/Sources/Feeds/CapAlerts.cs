using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Mentions;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Sources.Feeds;

/// <summary>
/// Reads a partner's CAP 1.2 alert as an inbound mention (Kind "Alert"). Only real alerts count: Test,
/// Exercise, System and Draft alerts, and Ack/Error messages, are skipped with their reason. Validated
/// against OASIS's XSD when <see cref="MonitoringOptions.CapSchemaPath"/> names a copy; otherwise checked
/// for CAP's required elements and code lists.
/// </summary>
internal sealed class CapAlerts
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";
    private static readonly XNamespace Cap = Namespace;
    private static readonly string[] Statuses = ["Actual", "Exercise", "System", "Test", "Draft"];
    private static readonly string[] MessageTypes = ["Alert", "Update", "Cancel", "Ack", "Error"];
    private static readonly string[] Scopes = ["Public", "Restricted", "Private"];
    private static readonly string[] Categories = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"];
    private static readonly string[] Urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"];
    private static readonly string[] Severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];
    private static readonly string[] Certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"];
    private readonly XmlSchemaSet? _schema;

    public CapAlerts(IOptions<MonitoringOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.CapSchemaPath is { Length: > 0 } path)
        {
            _schema = new XmlSchemaSet { XmlResolver = null };
            using var reader = XmlReader.Create(path, new XmlReaderSettings { XmlResolver = null, DtdProcessing = DtdProcessing.Prohibit });
            _schema.Add(Namespace, reader);
            _schema.Compile();
        }
    }

    public bool ValidatesWithSchema => _schema is not null;

    public static bool IsCap(XElement root) => root.Name == Cap + "alert";

    /// <summary>The alert as a mention, or why it is not one.</summary>
    public (CapturedMention? Mention, string? Problem) Read(XDocument document, string author)
    {
        ArgumentNullException.ThrowIfNull(document);
        var alert = document.Root;
        if (alert is null || !IsCap(alert))
        {
            return (null, $"not a CAP 1.2 alert (root {alert?.Name})");
        }

        var problems = _schema is null ? Check(alert) : Validate(document);
        if (problems.Count > 0)
        {
            return (null, $"not a valid CAP 1.2 alert: {string.Join("; ", problems.Take(3))}");
        }

        string? Get(XElement parent, string name) => parent.Element(Cap + name)?.Value.Trim() is { Length: > 0 } v ? v : null;
        var identifier = Get(alert, "identifier")!;
        var sender = Get(alert, "sender")!;
        var sentText = Get(alert, "sent")!;
        var status = Get(alert, "status");
        var msgType = Get(alert, "msgType");
        if (status != "Actual")
        {
            return (null, $"status {status}: not a real alert");
        }

        if (msgType is "Ack" or "Error")
        {
            return (null, $"msgType {msgType}: not an alert");
        }

        var infos = alert.Elements(Cap + "info").ToList();
        var info = infos.FirstOrDefault(i => (Get(i, "language") ?? "en-US").StartsWith("en", StringComparison.OrdinalIgnoreCase)) ?? infos.FirstOrDefault();
        var lines = new List<string>();
        var prefix = msgType switch { "Update" => "Update: ", "Cancel" => "Cancelled: ", _ => string.Empty };
        if (info is not null)
        {
            lines.Add($"{prefix}{Get(info, "event")}{(Get(info, "headline") is { } headline ? $": {headline}" : string.Empty)}");
            lines.AddRange(new[] { Get(info, "description"), Get(info, "instruction") }.OfType<string>());
            var areas = info.Elements(Cap + "area").Select(a => Get(a, "areaDesc")).OfType<string>().ToList();
            if (areas.Count > 0)
            {
                lines.Add($"Areas: {string.Join("; ", areas)}");
            }

            lines.Add($"[{Get(info, "severity")}, {Get(info, "urgency")}, {Get(info, "certainty")}]");
        }
        else
        {
            lines.Add($"{prefix}{Get(alert, "note") ?? identifier}");
        }

        var references = (Get(alert, "references") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var id = $"{sender},{identifier},{sentText}";
        var sent = DateTimeOffset.TryParse(sentText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at) ? at : default;
        return (new CapturedMention(id, info is not null && Get(info, "senderName") is { } senderName ? senderName : author, string.Join("\n", lines), sent)
        {
            Kind = MentionKinds.Alert,
            AuthorId = sender,
            InReplyToNativeId = references.Length > 0 ? references[^1] : null,
            ConversationId = references.Length > 0 ? references[0] : id,
            Url = info is not null ? Get(info, "web") : null,
            Language = info is not null ? Get(info, "language") ?? "en-US" : null,
        }, null);
    }

    private List<string> Validate(XDocument document)
    {
        var problems = new List<string>();
        document.Validate(_schema!, (_, e) =>
        {
            if (e.Severity == XmlSeverityType.Error)
            {
                problems.Add(e.Message);
            }
        });
        return problems;
    }

    /// <summary>Without the XSD: CAP 1.2's required elements and code lists.</summary>
    internal static List<string> Check(XElement alert)
    {
        var problems = new List<string>();
        void Require(XElement parent, string name, string[]? allowed = null)
        {
            var values = parent.Elements(Cap + name).Select(e => e.Value.Trim()).ToList();
            if (values.Count == 0 || values.Any(v => v.Length == 0))
            {
                problems.Add($"{parent.Name.LocalName}/{name} is missing");
            }
            else if (allowed is not null && values.FirstOrDefault(v => !allowed.Contains(v, StringComparer.Ordinal)) is { } bad)
            {
                problems.Add($"{parent.Name.LocalName}/{name} '{bad}' is not one of {string.Join(", ", allowed)}");
            }
        }

        Require(alert, "identifier");
        Require(alert, "sender");
        Require(alert, "sent");
        Require(alert, "status", Statuses);
        Require(alert, "msgType", MessageTypes);
        Require(alert, "scope", Scopes);
        if (alert.Element(Cap + "sent") is { } sent && !System.Text.RegularExpressions.Regex.IsMatch(sent.Value.Trim(), @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            problems.Add($"alert/sent '{sent.Value.Trim()}' is not a CAP date-time (with its offset)");
        }

        foreach (var info in alert.Elements(Cap + "info"))
        {
            Require(info, "category", Categories);
            Require(info, "event");
            Require(info, "urgency", Urgencies);
            Require(info, "severity", Severities);
            Require(info, "certainty", Certainties);
        }

        return problems;
    }
}
