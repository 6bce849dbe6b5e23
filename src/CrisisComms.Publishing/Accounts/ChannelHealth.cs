using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Publishing.Accounts;

/// <summary>
/// Each channel account's health, and its kill switch: after <see cref="PublishingOptions.KillSwitchThreshold"/>
/// consecutive failures the channel is paused (once, announced) and its posts wait; the others carry on.
/// Counters change in single statements, so replicas never lose each other's updates.
/// </summary>
internal sealed class ChannelHealth(PublishingDbContext db, IOptions<PublishingOptions> options, TimeProvider time)
{
    public async Task SucceededAsync(string channel, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.ChannelAccounts.Where(a => a.Channel == channel).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ConsecutiveFailures, 0)
            .SetProperty(a => a.LastSuccessAt, now)
            .SetProperty(a => a.Sent, a => a.Sent + 1), cancellationToken);
    }

    public async Task FailedAsync(string channel, string error, bool sandbox, CancellationToken cancellationToken)
    {
        if (sandbox)
        {
            return;
        }

        var now = time.GetUtcNow();
        var text = error.Length > 2000 ? error[..2000] : error;
        await db.ChannelAccounts.Where(a => a.Channel == channel).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.ConsecutiveFailures, a => a.ConsecutiveFailures + 1)
            .SetProperty(a => a.LastFailureAt, now)
            .SetProperty(a => a.LastError, text)
            .SetProperty(a => a.Failed, a => a.Failed + 1), cancellationToken);

        var threshold = options.Value.KillSwitchThreshold;
        var reason = $"{threshold} failures in a row; last: {text}";
        var tripped = await db.ChannelAccounts
            .Where(a => a.Channel == channel && !a.Paused && a.ConsecutiveFailures >= threshold)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.Paused, true)
                .SetProperty(a => a.PausedAutomatically, true)
                .SetProperty(a => a.PausedReason, reason)
                .SetProperty(a => a.PausedAt, now), cancellationToken);
        if (tripped == 1)
        {
            db.Outbox.Publish(new ChannelPaused(channel, reason, Automatic: true, text, now));
        }
    }
}
