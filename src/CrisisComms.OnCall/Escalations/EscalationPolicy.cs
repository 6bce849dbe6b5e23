namespace CrisisComms.OnCall.Escalations;

/// <summary>
/// Who is paged, in what order: level 1's targets first; if nobody acknowledges within its timeout,
/// level 2's; and so on. After the last level the policy repeats from level 1 up to
/// <see cref="RepeatTimes"/> times, then the escalation is marked exhausted (an alert on the console).
/// </summary>
internal sealed class EscalationPolicy
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public List<EscalationLevel> Levels { get; set; } = [];

    public int RepeatTimes { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One level: everyone its targets resolve to is paged at once.</summary>
internal sealed class EscalationLevel
{
    public List<EscalationTarget> Targets { get; set; } = [];

    public int TimeoutSeconds { get; set; } = 600;
}

/// <summary>
/// <c>person</c> (an id), <c>rota</c> (an id, and a layer position: whoever covers that layer when the
/// level is reached; no layer means the first), or <c>group</c> (an id: all its members).
/// </summary>
internal sealed class EscalationTarget
{
    public required string Kind { get; set; }

    public Guid Id { get; set; }

    public int? Layer { get; set; }
}

internal static class TargetKinds
{
    public const string Person = "person";
    public const string Rota = "rota";
    public const string Group = "group";

    public static IReadOnlyList<string> All { get; } = [Person, Rota, Group];
}

/// <summary>Which policy a trigger starts.</summary>
internal sealed class TriggerRoute
{
    public required string Trigger { get; set; }

    public Guid PolicyId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>What can start an escalation.</summary>
internal static class Triggers
{
    public const string SlaBreached = "sla-breached";
    public const string ApprovalStalled = "approval-stalled";
    public const string LifeSafety = "life-safety";
    public const string SourceStale = "source-stale";
    public const string VolumeSpike = "volume-spike";
    public const string ChannelPaused = "channel-paused";

    /// <summary>Used for every trigger without a route of its own.</summary>
    public const string Default = "default";

    public static IReadOnlyList<string> All { get; } = [Default, SlaBreached, ApprovalStalled, LifeSafety, SourceStale, VolumeSpike, ChannelPaused];
}
