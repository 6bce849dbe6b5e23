using System.Net.Http.Headers;
using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Signatures;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Publishing.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Channels.Webhook;

/// <summary>
/// Every post, as signed JSON, to each partner system that subscribed: <c>CrisisComms-Signature:
/// t=…,v1=…</c> (HMAC-SHA256 over timestamp and body, one v1 per secret while a rotation is under way)
/// and an <c>Idempotency-Key</c>, so a receiver that saw a delivery before can ignore the retry.
/// </summary>
internal sealed class WebhookAdapter(HttpClient http, PublishingDbContext db, ChannelSecrets secrets, TimeProvider time) : IChannelAdapter
{
    public string Channel => ChannelNames.Webhook;

    public async Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken)
    {
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(cancellationToken);
        if (subscriptions.Count == 0)
        {
            return ChannelOutcome.Refused("webhook: no active subscriptions");
        }

        var done = await db.WebhookDeliveries.Where(d => d.PostId == post.PostId && d.Status == "delivered").Select(d => d.SubscriptionId).ToListAsync(cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "post.published",
            postId = post.PostId,
            incidentId = post.IncidentId,
            kind = post.Kind,
            headline = post.Subject,
            text = post.Text,
            html = post.Html,
            inReplyTo = post.InReplyTo,
            publishedAt = time.GetUtcNow(),
        }, MessageTypes.Json);
        ChannelOutcome? failure = null;
        foreach (var subscription in subscriptions.Where(s => !done.Contains(s.Id)))
        {
            var outcome = await DeliverAsync(post.IdempotencyKey, subscription, body, cancellationToken);
            await RecordAsync(post.PostId, subscription.Id, outcome, cancellationToken);
            if (outcome.Kind != OutcomeKind.Published && failure is null)
            {
                failure = outcome;
            }
        }

        // A receiver that dedupes by Idempotency-Key makes an unknown delivery safe to repeat.
        return failure is { Kind: OutcomeKind.Unknown } ? ChannelOutcome.Retry(failure.Error!) : failure ?? ChannelOutcome.Posted($"{subscriptions.Count} subscribers", null);
    }

    public Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult(Lookup.No);

    /// <summary>A signed <c>post.withdrawn</c> to every subscriber that received the post, so partner systems take it down too.</summary>
    public async Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken)
    {
        var received = await db.WebhookDeliveries.AsNoTracking().Where(d => d.PostId == post.PostId && d.Status == "delivered").Select(d => d.SubscriptionId).ToListAsync(cancellationToken);
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active && received.Contains(s.Id)).ToListAsync(cancellationToken);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { type = "post.withdrawn", postId = post.PostId, incidentId = post.IncidentId, withdrawnAt = time.GetUtcNow() }, MessageTypes.Json);
        foreach (var subscription in subscriptions)
        {
            var outcome = await DeliverAsync($"{post.IdempotencyKey}:withdrawn", subscription, body, cancellationToken);
            if (outcome.Kind != OutcomeKind.Published)
            {
                // Receivers dedupe by Idempotency-Key, so the ones that already heard can hear it again.
                return outcome.Kind == OutcomeKind.Unknown ? ChannelOutcome.Retry(outcome.Error!) : outcome;
            }
        }

        return ChannelOutcome.Posted($"{subscriptions.Count} subscribers", null);
    }

    private async Task<ChannelOutcome> DeliverAsync(string idempotencyKey, WebhookSubscription subscription, byte[] body, CancellationToken cancellationToken)
    {
        try
        {
            var keys = JsonSerializer.Deserialize<List<string>>(secrets.Unprotect(subscription.Secrets).GetValueOrDefault("secrets") ?? "[]") ?? [];
            if (keys.Count == 0)
            {
                // Never send unsigned: the receiver could not tell us from anyone else.
                return ChannelOutcome.Refused($"webhook {subscription.Id:N}: no signing secret; rotate one in");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Sign(body, time.GetUtcNow(), keys));
            request.Headers.Add("Idempotency-Key", $"{idempotencyKey}:{subscription.Id:N}");
            using var response = await http.SendAsync(request, cancellationToken);
            var (failure, _) = await HttpOutcomes.CheckAsync(response, _ => null, time, cancellationToken);
            return failure ?? ChannelOutcome.Posted(subscription.Id.ToString("N"), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
        {
            return HttpOutcomes.FromException(e, cancellationToken);
        }
    }

    private async Task RecordAsync(Guid postId, Guid subscriptionId, ChannelOutcome outcome, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.PostId == postId && d.SubscriptionId == subscriptionId, cancellationToken);
        if (delivery is null)
        {
            delivery = new WebhookDelivery { PostId = postId, SubscriptionId = subscriptionId, Status = "attempted" };
            db.WebhookDeliveries.Add(delivery);
        }

        delivery.Status = outcome.Kind == OutcomeKind.Published ? "delivered" : "failed";
        delivery.Error = outcome.Error;
        delivery.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
