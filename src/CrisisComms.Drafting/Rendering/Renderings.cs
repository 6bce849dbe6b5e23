using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Rendering.Cap;

namespace CrisisComms.Drafting.Rendering;

internal enum Verdict
{
    /// <summary>Goes out as shown.</summary>
    Fits,

    /// <summary>Goes out, but look at the note (hashtag left off, Unicode SMS, long subject…).</summary>
    Warning,

    /// <summary>Cannot go out as it is: the verdict says by how much it is over.</summary>
    TooLong,
}

/// <summary>What a draft is rendered with, beyond its own text.</summary>
internal sealed record RenderContext(
    string Organisation,
    string Hashtag,
    string IncidentTitle,
    Severity Severity,
    IReadOnlyList<string> Areas,
    string CapSender,
    string CapIdentifier,
    Uri IncidentPage,
    DateTimeOffset Now,
    CapReference? Follows);

/// <summary>One channel's rendering: what would be sent, its count against the channel's limit, and the verdict.</summary>
internal sealed record ChannelRendering(
    string Channel,
    string Text,
    int Used,
    int Limit,
    string Counter,
    Verdict Verdict,
    string VerdictText,
    bool HashtagIncluded)
{
    public string? Subject { get; init; }

    public string? Html { get; init; }

    /// <summary>X: the same message as a thread when it is too long for one post.</summary>
    public IReadOnlyList<string>? Thread { get; init; }

    public string? CapXml { get; init; }
}
