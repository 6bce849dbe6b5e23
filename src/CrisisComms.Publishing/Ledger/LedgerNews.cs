using CrisisComms.Contracts.Publishing;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Persistence;

namespace CrisisComms.Publishing.Ledger;

/// <summary>Tells drafting (and the dashboard) where a post stands on a channel, in the same transaction as the ledger change.</summary>
internal static class LedgerNews
{
    public static Task<bool> Announce(PublishingDbContext db, LedgerEntry entry)
    {
        if (entry.ReplyItemId is { } item)
        {
            return AnnounceReply(db, entry, item);
        }

        switch (entry.Status)
        {
            case LedgerStatus.Sent:
                db.Outbox.Publish(new PostPublished(entry.PostId, entry.IncidentId, entry.Channel, entry.ChannelPostId, entry.Url, entry.UpdatedAt));
                break;
            case LedgerStatus.Failed:
                db.Outbox.Publish(new PostFailed(entry.PostId, entry.IncidentId, entry.Channel, entry.Error ?? "refused", true, entry.UpdatedAt));
                break;
            case LedgerStatus.Unknown:
                db.Outbox.Publish(new PostOutcomeUnknown(entry.PostId, entry.IncidentId, entry.Channel, entry.Error ?? "outcome unknown", entry.UpdatedAt));
                break;
            case LedgerStatus.Withdrawn:
                db.Outbox.Publish(new PostWithdrawn(
                    entry.PostId, entry.IncidentId, entry.Channel, entry.ChannelPostId is null ? "cancelled before it went out" : "taken down", entry.UpdatedAt));
                break;
        }

        return Task.FromResult(true);
    }

    /// <summary>Replies answer to the triage item they came from: sent, or failed with the channel's words (in doubt included, for an officer to check).</summary>
    private static Task<bool> AnnounceReply(PublishingDbContext db, LedgerEntry entry, Guid item)
    {
        switch (entry.Status)
        {
            case LedgerStatus.Sent:
                db.Outbox.Publish(new ReplySent(entry.PostId, item, entry.Channel, entry.ChannelPostId, entry.Url, entry.UpdatedAt));
                break;
            case LedgerStatus.Failed or LedgerStatus.Withdrawn:
                db.Outbox.Publish(new ReplyFailed(entry.PostId, item, entry.Channel, entry.Error ?? entry.Status.ToString().ToLowerInvariant(), entry.UpdatedAt));
                break;
            case LedgerStatus.Unknown:
                db.Outbox.Publish(new ReplyFailed(entry.PostId, item, entry.Channel, $"not known whether it went out ({entry.Error}); check the channel, then settle it in the ledger", entry.UpdatedAt));
                break;
        }

        return Task.FromResult(true);
    }
}

/// <summary>Exponential backoff with jitter, never sooner than the channel asked.</summary>
internal static class Backoff
{
    public static TimeSpan Next(PublishingOptions settings, int attempt, TimeSpan? channelSays)
    {
        var exponential = settings.RetryBase.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var jittered = Math.Min(settings.RetryCap.TotalMilliseconds, exponential) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        var delay = TimeSpan.FromMilliseconds(jittered);
        return channelSays is { } said && said > delay ? said : delay;
    }
}

/// <summary>One call to a channel, bounded by the call timeout.</summary>
internal static class ChannelCalls
{
    /// <summary>Runs <paramref name="call"/>; one that overruns becomes <paramref name="onTimeout"/> (the channel may still have acted on it).</summary>
    public static async Task<ChannelOutcome> WithinAsync(TimeSpan limit, Func<CancellationToken, Task<ChannelOutcome>> call, Func<string, ChannelOutcome> onTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            return await call(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return onTimeout($"no answer within {limit.TotalSeconds:F0} s");
        }
        catch (ChannelConfigurationException e)
        {
            return ChannelOutcome.Refused(e.Message);
        }
    }
}
