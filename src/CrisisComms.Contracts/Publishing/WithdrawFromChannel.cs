namespace CrisisComms.Contracts.Publishing;

/// <summary>
/// Command: take a post down from one channel (X, Facebook, Telegram, the public page, webhook
/// subscribers). A post still waiting to go out is cancelled instead, even if this arrives before the
/// command that would have posted it (<paramref name="IdempotencyKey"/> is that command's). Safe to
/// repeat: deleting what is already gone counts as done.
/// </summary>
public record WithdrawFromChannel(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    string IdempotencyKey,
    string Reason,
    string RequestedBy)
{
    /// <summary>Tries made so far (a retry after a timeout or a rate limit is the same command, one higher).</summary>
    public int Attempt { get; init; }
}

/// <summary>A post is no longer on a channel (deleted, or cancelled before it went out).</summary>
public record PostWithdrawn(Guid PostId, Guid IncidentId, string Channel, string Detail, DateTimeOffset At);

/// <summary>Withdrawing a post failed: it is still up; the officer sees the channel's own error text.</summary>
public record PostWithdrawFailed(Guid PostId, Guid IncidentId, string Channel, string Reason, DateTimeOffset At);
