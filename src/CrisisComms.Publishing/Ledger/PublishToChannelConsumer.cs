using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.State;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Publishing.Ledger;

/// <summary>
/// Posts on the channel a command names, never twice and never lost. The ledger row for (post,
/// channel) is committed as "attempted" before the call, so a timeout or a crash leaves a trace; such a
/// post is looked up on the channel before anything is retried, and what cannot be settled that way
/// goes to an officer. Retryable failures are rescheduled (Quartz) with backoff and jitter, honouring
/// what the channel said; a paused channel's posts wait without slowing the others.
/// </summary>
[IdempotentBy("the publish ledger: one row per (post, channel), checked before and after every call")]
internal sealed partial class PublishToChannelConsumer(
    PublishingDbContext db,
    ChannelRegistry registry,
    ChannelHealth health,
    IRateLimiter limiter,
    IOptions<PublishingOptions> options,
    TimeProvider time,
    ILogger<PublishToChannelConsumer> logger) : IConsumer<PublishToChannel>
{
    public async Task Consume(ConsumeContext<PublishToChannel> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        var settings = options.Value;
        var post = ChannelPost.From(command);
        var target = await registry.ResolveAsync(command.Channel, cancellationToken);
        var entry = await ClaimAsync(command, cancellationToken);
        var now = time.GetUtcNow();

        switch (entry.Status)
        {
            case LedgerStatus.Sent or LedgerStatus.Failed or LedgerStatus.Unknown or LedgerStatus.Withdrawn:
                // Settled before (a redelivered or re-sent command): say so again, never post again.
                await db.InTransactionAsync(() => Announce(entry), cancellationToken);
                return;
            case LedgerStatus.Attempted when now - entry.UpdatedAt < settings.CallTimeout + TimeSpan.FromSeconds(30):
                // Another replica is calling the channel right now: come back when its call must be over.
                await DeferAsync(entry, command, now + settings.CallTimeout + TimeSpan.FromSeconds(30), "another call in flight", cancellationToken);
                return;
            case LedgerStatus.Attempted:
                // A call was under way when a process died: did the channel take it?
                if (!await SettleInDoubtAsync(entry, post, target, "the process handling it stopped mid-call", cancellationToken))
                {
                    return;
                }

                break;
            case LedgerStatus.Pending when entry.NextAttemptAt is { } due && due > now + TimeSpan.FromSeconds(1):
                await DeferAsync(entry, command, due, "waiting for its next try", cancellationToken);
                return;
        }

        if (target.Account is { Paused: true } paused)
        {
            await DeferAsync(entry, command, now + settings.PausedRecheck, $"channel paused: {paused.PausedReason}", cancellationToken);
            return;
        }

        if (target.RateLimit is { } policy)
        {
            var decision = await limiter.TryTakeAsync($"publish:{command.Channel}", policy, cancellationToken: cancellationToken);
            if (!decision.Allowed)
            {
                await DeferAsync(entry, command, now + decision.RetryAfter, "client-side rate limit", cancellationToken);
                return;
            }
        }

        // Written before the call: from here a crash leaves "attempted", never silence.
        entry.Status = LedgerStatus.Attempted;
        entry.Attempts++;
        entry.UpdatedAt = time.GetUtcNow();
        entry.Sandbox = target.Sandbox;
        await db.SaveChangesAsync(cancellationToken);

        var outcome = await ChannelCalls.WithinAsync(
            settings.CallTimeout, token => target.PublishAsync(post, entry, token), why => ChannelOutcome.Unknown($"{why}: the channel may have taken it"), cancellationToken);

        if (outcome.Kind == OutcomeKind.Unknown)
        {
            if (!await SettleInDoubtAsync(entry, post, target, outcome.Error!, cancellationToken))
            {
                return;
            }

            // Not found: it did not go. Try again shortly.
            outcome = ChannelOutcome.Retry(outcome.Error!, TimeSpan.FromSeconds(2));
        }

        await RecordAsync(entry, command, target, outcome, cancellationToken);
    }

    /// <summary>
    /// Looks a post in doubt up on the channel: found means sent; not found means it can be tried
    /// (returns true); can't tell means an officer decides (returns false, having announced it).
    /// </summary>
    private async Task<bool> SettleInDoubtAsync(LedgerEntry entry, ChannelPost post, ChannelTarget target, string why, CancellationToken cancellationToken)
    {
        var lookup = await target.LookUpAsync(post, entry, cancellationToken);
        if (lookup.Found == false)
        {
            LogNotFound(post.PostId, post.Channel, why);
            return true;
        }

        await db.InTransactionAsync(async () =>
        {
            entry.UpdatedAt = time.GetUtcNow();
            if (lookup.Found == true)
            {
                LogFoundInDoubt(post.PostId, post.Channel, lookup.ChannelPostId);
                entry.Status = LedgerStatus.Sent;
                entry.ChannelPostId = lookup.ChannelPostId;
                entry.Url = lookup.Url;
                entry.Error = null;
                await health.SucceededAsync(post.Channel, cancellationToken);
            }
            else
            {
                entry.Status = LedgerStatus.Unknown;
                entry.Error = $"{why}; {lookup.Detail}";
            }

            return await Announce(entry);
        }, cancellationToken);
        return false;
    }

    private async Task RecordAsync(LedgerEntry entry, PublishToChannel command, ChannelTarget target, ChannelOutcome outcome, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            entry.UpdatedAt = now;
            switch (outcome.Kind)
            {
                case OutcomeKind.Published:
                    entry.Status = LedgerStatus.Sent;
                    entry.ChannelPostId = outcome.ChannelPostId;
                    entry.Url = outcome.Url;
                    entry.Error = null;
                    entry.NextAttemptAt = null;
                    LogPublished(command.PostId, command.Channel, outcome.ChannelPostId);
                    await health.SucceededAsync(command.Channel, cancellationToken);
                    break;
                case OutcomeKind.Retry when entry.Attempts < settings.MaxAttempts:
                    var delay = Backoff.Next(settings, entry.Attempts, outcome.RetryAfter);
                    entry.Status = LedgerStatus.Pending;
                    entry.Error = outcome.Error;
                    entry.NextAttemptAt = now + delay;
                    db.Outbox.Schedule(command, entry.NextAttemptAt.Value, RetryKey(command));
                    LogRetrying(command.PostId, command.Channel, delay, outcome.Error);
                    if (!outcome.RateLimited)
                    {
                        await health.FailedAsync(command.Channel, outcome.Error!, target.Sandbox, cancellationToken);
                    }

                    break;
                default:
                    entry.Status = LedgerStatus.Failed;
                    entry.Error = outcome.Kind == OutcomeKind.Retry ? $"gave up after {entry.Attempts} attempts: {outcome.Error}" : outcome.Error;
                    entry.NextAttemptAt = null;
                    LogRefused(command.PostId, command.Channel, entry.Error);
                    await health.FailedAsync(command.Channel, entry.Error!, target.Sandbox, cancellationToken);
                    break;
            }

            return await Announce(entry);
        }, cancellationToken);
    }

    /// <summary>The ledger row for this (post, channel): made on first sight, with the command kept so any later try can rebuild it.</summary>
    private async Task<LedgerEntry> ClaimAsync(PublishToChannel command, CancellationToken cancellationToken)
    {
        if (await db.Ledger.FirstOrDefaultAsync(e => e.IdempotencyKey == command.IdempotencyKey, cancellationToken) is { } existing)
        {
            return existing;
        }

        var entry = LedgerEntry.New(command.IdempotencyKey, command.PostId, command.IncidentId, command.Channel, time.GetUtcNow());
        entry.ReplyItemId = command.ReplyToItemId;
        entry.Command = JsonSerializer.Serialize(command, MessageTypes.Json);
        db.Ledger.Add(entry);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return entry;
        }
        catch (DbUpdateException)
        {
            // Another replica made it a moment ago.
            db.ChangeTracker.Clear();
            return await db.Ledger.FirstAsync(e => e.IdempotencyKey == command.IdempotencyKey, cancellationToken);
        }
    }

    private async Task DeferAsync(LedgerEntry entry, PublishToChannel command, DateTimeOffset until, string why, CancellationToken cancellationToken)
    {
        await db.InTransactionAsync(() =>
        {
            if (entry.Status == LedgerStatus.Pending)
            {
                entry.NextAttemptAt = until;
                entry.Error = why;
                entry.UpdatedAt = time.GetUtcNow();
            }

            db.Outbox.Schedule(command, until, RetryKey(command));
            return Task.FromResult(true);
        }, cancellationToken);
        LogDeferred(command.PostId, command.Channel, until, why);
    }

    private Task<bool> Announce(LedgerEntry entry) => LedgerNews.Announce(db, entry);

    public static string RetryKey(PublishToChannel command) => $"publish-{command.IdempotencyKey}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} published on {Channel} as {ChannelPostId}")]
    private partial void LogPublished(Guid postId, string channel, string? channelPostId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} on {Channel}: retrying in {Delay} ({Error})")]
    private partial void LogRetrying(Guid postId, string channel, TimeSpan delay, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} refused by {Channel}: {Error}")]
    private partial void LogRefused(Guid postId, string channel, string? error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} on {Channel} waits until {Until}: {Why}")]
    private partial void LogDeferred(Guid postId, string channel, DateTimeOffset until, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Post {PostId} on {Channel} was in doubt ({Why}) and is not on the channel: trying again")]
    private partial void LogNotFound(Guid postId, string channel, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Post {PostId} on {Channel} was in doubt and is on the channel as {ChannelPostId}")]
    private partial void LogFoundInDoubt(Guid postId, string channel, string? channelPostId);
}
