namespace CrisisComms.Triage.Scoring;

internal enum Verdict
{
    NeedsResponse,
    Informational,
    Irrelevant,
}

/// <summary>
/// Where a mention was said, as far as its words go: what needs an answer reads differently in a tweet,
/// an SMS sent to us and a news item, and the base rates differ several-fold.
/// </summary>
internal enum MessageChannel : byte
{
    /// <summary>Posted in public: posts, replies, comments.</summary>
    Public,

    /// <summary>Sent to us privately: an SMS, a direct message, an email.</summary>
    Direct,

    /// <summary>A news or feed item (not a partner's warning, which is an Alert).</summary>
    News,
}

internal enum Priority
{
    Critical,
    High,
    Medium,
    Low,
}

/// <summary>What triage made of a mention, and why, in words an officer can check at a glance.</summary>
internal sealed record Judgement(Verdict Verdict, Priority Priority, IReadOnlyList<string> Reasons)
{
    /// <summary>Someone looks in danger now: page on-call at once and offer the "call 999" reply.</summary>
    public bool LifeSafety { get; init; }

    /// <summary>Hearsay that may need correcting; its cluster's growth raises it.</summary>
    public bool Rumour { get; init; }

    /// <summary>The learned model's probability that it needs a response (null without a model).</summary>
    public float? Score { get; init; }

    /// <summary>An officer should see it: it needs a response, or it is Critical, or a partner's warning.</summary>
    public bool Queued => Verdict == Verdict.NeedsResponse || Priority == Priority.Critical;
}

/// <summary>What triage knows about a mention besides its words.</summary>
internal readonly record struct MentionFacts(
    string? Text,
    string Kind = "Post",
    bool MatchedIncident = false,
    long? AuthorFollowers = null,
    bool IsRepost = false,
    string? Source = null)
{
    /// <summary>The channel the model reads the words in: from the mention's kind and source.</summary>
    public MessageChannel Channel =>
        Kind is not null && (Kind.Equals("Sms", StringComparison.OrdinalIgnoreCase) || Kind.Equals("DirectMessage", StringComparison.OrdinalIgnoreCase)
            || Kind.Equals("Email", StringComparison.OrdinalIgnoreCase)) ? MessageChannel.Direct
        : Source is not null && (Source.Equals("sms", StringComparison.OrdinalIgnoreCase) || Source.Equals("email", StringComparison.OrdinalIgnoreCase)) ? MessageChannel.Direct
        : Source is not null && (Source.Contains("feed", StringComparison.OrdinalIgnoreCase) || Source.Contains("news", StringComparison.OrdinalIgnoreCase)) ? MessageChannel.News
        : MessageChannel.Public;
}
