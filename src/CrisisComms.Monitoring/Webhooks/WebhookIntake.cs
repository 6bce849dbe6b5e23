using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Sources;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Monitoring.Webhooks;

internal enum WebhookResult
{
    Accepted,
    Replay,
    NotConfigured,
    BadSignature,
    Malformed,
}

internal sealed record WebhookAnswer(WebhookResult Result, int Captured = 0, int Duplicates = 0, string? Problem = null);

/// <summary>
/// A checked webhook delivery becomes captured mentions: a replay (same delivery id) is answered without
/// doing anything; each mention Redis has seen and the database holds is dropped; the rest go on the bus
/// (durable, confirmed by the broker) before the provider is answered, and a monitoring replica stores
/// them. If the bus cannot take them the provider gets an error and delivers again — nothing it was told
/// we have is lost.
/// </summary>
internal sealed partial class WebhookIntake(
    SourceCatalog catalog,
    SourceAccountCache accounts,
    IServiceProvider services,
    MentionDedupe dedupe,
    MentionStore store,
    SourceHealthRecorder health,
    IBus bus,
    MonitoringMetrics metrics,
    TimeProvider time,
    ILogger<WebhookIntake> logger)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Mentions per <see cref="MentionsCaptured"/> message: a provider's batch (Meta sends up to 1,000 updates in
    /// one delivery) goes as a few messages published together, so the consumer's batches stay a sensible size.
    /// </summary>
    internal const int MentionsPerMessage = 100;

    public async Task<WebhookAnswer> AcceptAsync(string sourceType, string accountKey, WebhookRequest request, CancellationToken cancellationToken)
    {
        var provider = sourceType;
        var account = await accounts.GetAsync(accountKey, catalog, cancellationToken);
        var source = services.GetRequiredKeyedService<IMentionSource>(sourceType);
        var reading = account is { Account.Enabled: true } ? source.Receive(account.View, request) : null;
        if (reading is null or { Outcome: WebhookOutcome.BadSignature or WebhookOutcome.NotConfigured })
        {
            // The account may have changed on another replica since it was cached (switched on, secret rotated):
            // look once more before refusing (at most once a second, so bad signatures cannot flood the database).
            account = await accounts.GetAsync(accountKey, catalog, cancellationToken, SourceAccountCache.RecheckAfter);
            reading = account is { Account.Enabled: true } ? source.Receive(account.View, request) : null;
        }

        if (account is not { Account.Enabled: true } || reading is null)
        {
            return Refuse(provider, WebhookResult.NotConfigured, $"{accountKey} is not connected");
        }

        if (reading.Outcome != WebhookOutcome.Accepted)
        {
            return Refuse(provider, reading.Outcome switch
            {
                WebhookOutcome.BadSignature => WebhookResult.BadSignature,
                WebhookOutcome.NotConfigured => WebhookResult.NotConfigured,
                _ => WebhookResult.Malformed,
            }, reading.Problem ?? "refused");
        }

        var deliveryId = reading.DeliveryId!;
        if (await dedupe.DeliveredAsync(provider, deliveryId, cancellationToken) == true)
        {
            metrics.Webhook(provider, "replay");
            LogReplay(provider, deliveryId);
            return new WebhookAnswer(WebhookResult.Replay);
        }

        var definition = catalog.SourcesOf(account.Account, account.View).FirstOrDefault(s => s.Key == sourceType)
            ?? new SourceDefinition(sourceType, sourceType, source.Channel, accountKey, false, TimeSpan.Zero, null);
        var now = time.GetUtcNow();
        var (valid, rejected) = MentionRules.Check(reading.Items, now);
        rejected.InsertRange(0, reading.Rejected);
        var captured = await CaptureAsync(definition.Key, source.Channel, valid, now, cancellationToken);
        await dedupe.MarkDeliveredAsync(provider, deliveryId, cancellationToken);
        if (rejected.Count > 0)
        {
            await store.RecordRejectionsAsync(definition.Key, rejected, cancellationToken);
        }

        await health.DeliveredAsync(definition, valid.Count == 0 ? null : valid.Max(v => v.PostedAt), cancellationToken);
        metrics.Webhook(provider, "accepted");
        return new WebhookAnswer(WebhookResult.Accepted, captured, valid.Count - captured);
    }

    /// <summary>Claims each mention in Redis and puts the new ones on the bus; returns how many went.</summary>
    internal async Task<int> CaptureAsync(string source, string channel, IReadOnlyList<CapturedMention> mentions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (mentions.Count == 0)
        {
            return 0;
        }

        var ids = mentions.Select(m => m.NativeId).ToList();
        var claimed = await dedupe.ClaimAsync(channel, ids, cancellationToken);
        var unclaimed = claimed is null ? ids : ids.Where(id => !claimed.Contains(id)).ToList();

        // Redis has seen these; unless the database holds them they may have been claimed by a delivery that
        // never reached the bus, so they go again (a repeat is dropped where they are stored).
        var stored = unclaimed.Count == 0 ? new Dictionary<string, Guid>() : await store.KnownAsync(channel, unclaimed, cancellationToken);
        var send = mentions.Where(m => !stored.ContainsKey(m.NativeId)).ToList();
        if (send.Count == 0)
        {
            return 0;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            // One confirmed publish for the whole delivery (a very large one as a few messages, sent together).
            if (send.Count <= MentionsPerMessage)
            {
                await bus.Publish(new MentionsCaptured(source, channel, send, now), timeout.Token);
            }
            else
            {
                await bus.PublishBatch(send.Chunk(MentionsPerMessage).Select(chunk => new MentionsCaptured(source, channel, chunk, now)), timeout.Token);
            }
        }
        catch
        {
            if (claimed is { Count: > 0 })
            {
                await dedupe.ReleaseAsync(channel, claimed);
            }

            throw;
        }

        return send.Count;
    }

    public void Failed(string provider, Exception e)
    {
        metrics.Webhook(provider, "unavailable");
        LogUnavailable(provider, e);
    }

    private WebhookAnswer Refuse(string provider, WebhookResult result, string problem)
    {
        metrics.Webhook(provider, result.ToString().ToLowerInvariant());
        LogRefused(provider, result, problem);
        return new WebhookAnswer(result, Problem: problem);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Provider} webhook refused ({Result}): {Problem}")]
    private partial void LogRefused(string provider, WebhookResult result, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Provider} webhook delivery could not be taken safely; the provider was asked to deliver again")]
    private partial void LogUnavailable(string provider, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Provider} webhook delivery {DeliveryId} was handled before; answered without doing it again")]
    private partial void LogReplay(string provider, string deliveryId);
}
