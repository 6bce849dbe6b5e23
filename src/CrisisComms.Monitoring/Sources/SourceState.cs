namespace CrisisComms.Monitoring.Sources;

/// <summary>
/// One source's position and health, shared by every replica. The cursor is here, in the database, and
/// moves in the same transaction as the mentions it covers; <see cref="Fence"/> is the fencing token a
/// poll takes when it starts and must still hold when it commits, so a poll that lost its lease (paused,
/// partitioned, or beaten after Redis forgot the lease) can never move the cursor.
/// </summary>
internal sealed class SourceState
{
    /// <summary>e.g. <c>x-mentions</c>, <c>x-search:#DCCFlood</c>, <c>feed:ea-floods</c>.</summary>
    public required string Key { get; set; }

    public required string Type { get; set; }

    public required string Channel { get; set; }

    public required string Account { get; set; }

    /// <summary>Still configured (an x-search of a closed incident's tag is not).</summary>
    public bool Active { get; set; } = true;

    public DateTimeOffset ActiveSince { get; set; }

    /// <summary>The source's own position (JSON): since_id, offset, UIDVALIDITY/UID, a time watermark, ETag…</summary>
    public string? Cursor { get; set; }

    public long Fence { get; set; }

    public string? FenceHolder { get; set; }

    public DateTimeOffset? NextPollAt { get; set; }

    /// <summary>Rate limited (429 or our own pacing) until then: not polled, not counted as failing.</summary>
    public DateTimeOffset? BackoffUntil { get; set; }

    public DateTimeOffset? LastPollAt { get; set; }

    /// <summary>Last poll that worked, or last delivery accepted (webhooks).</summary>
    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>When the newest item heard was said (the channel's time).</summary>
    public DateTimeOffset? LastItemAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastErrorAt { get; set; }

    /// <summary>Healthy, Lagging, Failing, Stale or Paused, as last reported.</summary>
    public string State { get; set; } = SourceStates.Healthy;

    /// <summary>Set (by compare-and-set) when <c>SourceStale</c> was announced; cleared with <c>SourceRecovered</c>.</summary>
    public bool Stale { get; set; }

    public DateTimeOffset? StaleSince { get; set; }

    public double ItemsPerMinute { get; set; }

    public int ErrorsLastHour { get; set; }

    public long ItemsTotal { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal static class SourceStates
{
    public const string Healthy = "Healthy";
    public const string Lagging = "Lagging";
    public const string Failing = "Failing";
    public const string Stale = "Stale";
    public const string Paused = "Paused";
}
