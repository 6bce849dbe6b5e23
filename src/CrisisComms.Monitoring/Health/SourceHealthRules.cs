using CrisisComms.Monitoring.Sources;

namespace CrisisComms.Monitoring.Health;

/// <summary>How a source is judged: pure, so every replica and every test judges it the same way.</summary>
internal static class SourceHealthRules
{
    /// <summary>The source's state and how far behind the channel our view of it is.</summary>
    public static (string State, TimeSpan Lag) Judge(SourceState state, SourceDefinition? definition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        var heardFrom = state.LastSuccessAt ?? state.ActiveSince;
        var lag = now > heardFrom ? now - heardFrom : TimeSpan.Zero;
        if (definition is null)
        {
            // Switched off, or no longer configured (an x-search of a closed incident's tag).
            return (SourceStates.Paused, lag);
        }

        if (definition.StaleAfter is { } threshold && lag > threshold)
        {
            return (SourceStates.Stale, lag);
        }

        if (state.ConsecutiveFailures > 0)
        {
            return (SourceStates.Failing, lag);
        }

        if (state.BackoffUntil > now || (definition.Polled && lag > (definition.Interval * 3) + TimeSpan.FromMinutes(1)))
        {
            return (SourceStates.Lagging, lag);
        }

        return (SourceStates.Healthy, lag);
    }

    /// <summary>When to poll again after <paramref name="failures"/> failures in a row: doubling from the interval, at most 15 minutes, never before the channel said.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan interval, TimeSpan? retryAfter)
    {
        var doubling = interval.TotalSeconds * Math.Pow(2, Math.Clamp(failures, 1, 16));
        var wait = TimeSpan.FromSeconds(Math.Min(900, Math.Max(5, doubling)));
        return retryAfter is { } after && after > wait ? after : wait;
    }
}
