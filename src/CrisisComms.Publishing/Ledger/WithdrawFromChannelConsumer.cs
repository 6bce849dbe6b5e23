using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Publishing.Ledger;

/// <summary>
/// Takes a post down from a channel, through the same ledger row that posted it: a post still waiting
/// is cancelled (and can never go out afterwards), one in flight is waited for, one in doubt is looked
/// up first, and a sent one is deleted on the channel. Deleting is safe to repeat, so a timeout is
/// simply tried again; a refusal goes to the officer with the channel's own words.
/// </summary>
[IdempotentBy("the publish ledger: a withdrawn row stays withdrawn; deleting what is gone counts as done")]
internal sealed partial class WithdrawFromChannelConsumer(
    PublishingDbContext db,
    ChannelRegistry registry,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<WithdrawFromChannelConsumer> logger) : IConsumer<WithdrawFromChannel>
{
    public async Task Consume(ConsumeContext<WithdrawFromChannel> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        var settings = options.Value;
        var now = time.GetUtcNow();
        var entry = await db.Ledger.FirstOrDefaultAsync(e => e.IdempotencyKey == command.IdempotencyKey, cancellationToken);
        if (entry is null)
        {
            // Overtook its own publish command: a withdrawn row now stops that command from ever posting.
            entry = LedgerEntry.New(command.IdempotencyKey, command.PostId, command.IncidentId, command.Channel, now);
            db.Ledger.Add(entry);
        }

        switch (entry.Status)
        {
            case LedgerStatus.Withdrawn:
                await db.InTransactionAsync(() => LedgerNews.Announce(db, entry), cancellationToken);
                return;
            case LedgerStatus.Attempted when now - entry.UpdatedAt < settings.CallTimeout + TimeSpan.FromSeconds(30):
                // A call to post it is under way: wait until that call must be over, then act on what it did.
                await RetryAsync(command, now + settings.CallTimeout + TimeSpan.FromSeconds(30), "a call to post it is in flight", countsAsAttempt: false, cancellationToken);
                return;
            case LedgerStatus.Pending or LedgerStatus.Failed:
                await WithdrawnAsync(entry, command, cancellationToken);
                return;
        }

        var target = await registry.ResolveAsync(entry.Channel, cancellationToken);
        var post = entry.Command is { } json
            ? ChannelPost.From(System.Text.Json.JsonSerializer.Deserialize<PublishToChannel>(json, MessageTypes.Json)!)
            : new ChannelPost(entry.PostId, entry.IncidentId, entry.Channel, string.Empty, entry.IdempotencyKey, null, null, null, null, null, null);
        if (entry.Status is LedgerStatus.Unknown or LedgerStatus.Attempted)
        {
            // In doubt: only what the channel has can be deleted; what it never took is simply cancelled.
            var lookup = await target.LookUpAsync(post, entry, cancellationToken);
            if (lookup.Found == false)
            {
                await WithdrawnAsync(entry, command, cancellationToken);
                return;
            }

            if (lookup.Found is null)
            {
                await FailedAsync(entry, command, $"cannot tell whether {entry.Channel} has it ({lookup.Detail}): check the channel and delete it by hand", cancellationToken);
                return;
            }

            entry.ChannelPostId = lookup.ChannelPostId;
            entry.Url = lookup.Url;
        }

        // Deleting twice is harmless, so a call that overran is simply tried again.
        var outcome = await ChannelCalls.WithinAsync(
            settings.CallTimeout, token => target.WithdrawAsync(post, entry, token), why => ChannelOutcome.Retry(why), cancellationToken);

        switch (outcome.Kind)
        {
            case OutcomeKind.Published:
                await WithdrawnAsync(entry, command, cancellationToken);
                break;
            case OutcomeKind.Retry or OutcomeKind.Unknown when command.Attempt + 1 < settings.MaxAttempts:
                var delay = Backoff.Next(settings, command.Attempt + 1, outcome.RetryAfter);
                LogRetrying(command.PostId, command.Channel, delay, outcome.Error);
                await RetryAsync(command, time.GetUtcNow() + delay, outcome.Error!, countsAsAttempt: true, cancellationToken);
                break;
            default:
                await FailedAsync(entry, command, outcome.Kind == OutcomeKind.Refused ? outcome.Error! : $"gave up after {command.Attempt + 1} attempts: {outcome.Error}", cancellationToken);
                break;
        }
    }

    private async Task WithdrawnAsync(LedgerEntry entry, WithdrawFromChannel command, CancellationToken cancellationToken)
    {
        await db.InTransactionAsync(async () =>
        {
            entry.Status = LedgerStatus.Withdrawn;
            entry.WithdrawnBy = $"{command.RequestedBy}: {command.Reason}";
            entry.NextAttemptAt = null;
            entry.Error = null;
            entry.UpdatedAt = time.GetUtcNow();
            LogWithdrawn(command.PostId, command.Channel, command.RequestedBy);
            return await LedgerNews.Announce(db, entry);
        }, cancellationToken);
    }

    private async Task FailedAsync(LedgerEntry entry, WithdrawFromChannel command, string reason, CancellationToken cancellationToken)
    {
        LogFailed(command.PostId, command.Channel, reason);
        await db.InTransactionAsync(() =>
        {
            // The ledger row itself is unchanged: the post is still up, as far as we know.
            db.Outbox.Publish(new PostWithdrawFailed(entry.PostId, entry.IncidentId, entry.Channel, reason, time.GetUtcNow()));
            return Task.FromResult(true);
        }, cancellationToken);
    }

    private async Task RetryAsync(WithdrawFromChannel command, DateTimeOffset at, string why, bool countsAsAttempt, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await db.InTransactionAsync(() =>
        {
            db.Outbox.Schedule(command with { Attempt = command.Attempt + (countsAsAttempt ? 1 : 0) }, at, $"withdraw-{command.IdempotencyKey}");
            return Task.FromResult(true);
        }, cancellationToken);
        LogDeferred(command.PostId, command.Channel, at, why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} withdrawn from {Channel} at the request of {RequestedBy}")]
    private partial void LogWithdrawn(Guid postId, string channel, string requestedBy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawing post {PostId} from {Channel} failed: {Reason}")]
    private partial void LogFailed(Guid postId, string channel, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawing post {PostId} from {Channel}: retrying in {Delay} ({Error})")]
    private partial void LogRetrying(Guid postId, string channel, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Withdrawing post {PostId} from {Channel} waits until {Until}: {Why}")]
    private partial void LogDeferred(Guid postId, string channel, DateTimeOffset until, string why);
}
