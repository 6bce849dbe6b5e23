namespace CrisisComms.Drafting.Rendering.Cap;

/// <summary>An OASIS Common Alerting Protocol 1.2 alert: what <see cref="CapWriter"/> writes.</summary>
/// <param name="Identifier">Unique for this sender; no spaces, commas, &lt; or &amp; (CAP 1.2 §3.2.1).</param>
/// <param name="Sender">Same rules as the identifier, e.g. <c>alerts@devon.gov.uk</c>.</param>
/// <param name="Infos">At least one: every message this system sends tells people something.</param>
internal sealed record CapAlert(
    string Identifier,
    string Sender,
    DateTimeOffset Sent,
    CapStatus Status,
    CapMessageType MsgType,
    CapScope Scope,
    IReadOnlyList<CapInfo> Infos)
{
    /// <summary>Who may see it; required by CAP when <see cref="Scope"/> is Restricted.</summary>
    public string? Restriction { get; init; }

    /// <summary>Intended recipients; required by CAP when <see cref="Scope"/> is Private.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];

    public string? Note { get; init; }

    /// <summary>Earlier alerts this one updates or cancels.</summary>
    public IReadOnlyList<CapReference> References { get; init; } = [];

    public IReadOnlyList<string> Incidents { get; init; } = [];
}

/// <summary>One earlier alert, written as <c>sender,identifier,sent</c>.</summary>
internal sealed record CapReference(string Sender, string Identifier, DateTimeOffset Sent)
{
    public static CapReference To(CapAlert alert) => new(alert.Sender, alert.Identifier, alert.Sent);
}

/// <summary>The message in one language; an alert in English and Welsh has two.</summary>
/// <param name="Categories">At least one.</param>
internal sealed record CapInfo(
    IReadOnlyList<CapCategory> Categories,
    string Event,
    CapUrgency Urgency,
    CapSeverity Severity,
    CapCertainty Certainty)
{
    /// <summary>RFC 3066 tag: <c>en-GB</c>, <c>cy</c>. CAP's default when absent is en-US, so we always write it.</summary>
    public string Language { get; init; } = "en-GB";

    public IReadOnlyList<CapResponseType> ResponseTypes { get; init; } = [];

    public DateTimeOffset? Effective { get; init; }

    public DateTimeOffset? Onset { get; init; }

    public DateTimeOffset? Expires { get; init; }

    public string? SenderName { get; init; }

    public string? Headline { get; init; }

    public string? Description { get; init; }

    public string? Instruction { get; init; }

    /// <summary>An absolute link to more information.</summary>
    public Uri? Web { get; init; }

    public string? Contact { get; init; }

    public IReadOnlyList<CapArea> Areas { get; init; } = [];
}

internal sealed record CapArea(string AreaDesc)
{
    public IReadOnlyList<CapPolygon> Polygons { get; init; } = [];

    public IReadOnlyList<CapCircle> Circles { get; init; } = [];

    /// <summary>E.g. <c>new("ONS", "E07000041")</c> for Exeter's local authority district code.</summary>
    public IReadOnlyList<CapGeocode> Geocodes { get; init; } = [];
}

/// <summary>A WGS 84 point in decimal degrees.</summary>
internal readonly record struct CapPoint(double Latitude, double Longitude);

/// <summary>Three or more corners; the writer closes the ring if the last point is not the first.</summary>
internal sealed record CapPolygon(IReadOnlyList<CapPoint> Points);

internal sealed record CapCircle(CapPoint Centre, double RadiusKm);

internal sealed record CapGeocode(string ValueName, string Value);
