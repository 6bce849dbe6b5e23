using CrisisComms.Contracts.Monitoring;
using CrisisComms.Platform.State;
using Microsoft.AspNetCore.Http;

namespace CrisisComms.Monitoring.Sources;

/// <summary>
/// One place the public is heard, polled or pushed. Every source turns what its channel said into
/// <see cref="CapturedMention"/>s; everything after that (dedupe, storage, announcement, counting,
/// health) is the same for all of them.
/// </summary>
internal interface IMentionSource
{
    /// <summary>x-mentions, x-search, facebook-comments, facebook-webhook, sms, telegram, email, feed.</summary>
    string Type { get; }

    /// <summary>The channel the mentions are on (x, facebook, sms, telegram, email, feed): with the native id, what makes a mention unique.</summary>
    string Channel { get; }

    /// <summary>
    /// Pull: read the next page after <see cref="SourcePoll.Cursor"/>. The poller stores the page and its new
    /// cursor in one transaction, then asks again while <see cref="SourcePage.More"/>. Throws
    /// <see cref="SourceException"/> when the page cannot be read (the cursor then stays where it was).
    /// </summary>
    Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken);

    /// <summary>
    /// Push: check one webhook delivery — its signature over the raw body before anything is parsed —
    /// and read it. Never throws for bad input: the reading says what was wrong.
    /// </summary>
    WebhookReading Receive(SourceAccountView account, WebhookRequest request);
}

/// <summary>The defaults: a source that only polls refuses deliveries, one that only listens is never polled.</summary>
internal abstract class MentionSource : IMentionSource
{
    public abstract string Type { get; }

    public abstract string Channel { get; }

    public virtual Task<SourcePage> PollAsync(SourcePoll poll, CancellationToken cancellationToken) =>
        throw new SourceException($"{Type} is not polled: it listens for webhooks");

    public virtual WebhookReading Receive(SourceAccountView account, WebhookRequest request) =>
        WebhookReading.Refused(WebhookOutcome.NotConfigured, $"{Type} does not take webhooks");
}

/// <summary>What a poll works from: the source's account, where it got to, and the clock.</summary>
internal sealed record SourcePoll(
    string Key,
    SourceAccountView Account,
    string? Cursor,
    DateTimeOffset Now,
    SourcePacer Pacer)
{
    /// <summary>For x-search: the watched term and since when it has been watched.</summary>
    public SourceWatch? Watch { get; init; }

    /// <summary>How far back the first poll of a source (no cursor yet) reads.</summary>
    public TimeSpan FirstPollLookback { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

internal sealed record SourceWatch(string Term, Guid? IncidentId, DateTimeOffset StartedAt);

/// <summary>Something a source read but could not use (logged, counted, kept for operators): never a reason to stop.</summary>
internal sealed record SourceRejection(string? NativeId, string Reason, string? Excerpt = null);

/// <summary>One page: the mentions read, what was skipped and why, where to continue, and whether there is more now.</summary>
internal sealed record SourcePage(IReadOnlyList<CapturedMention> Items, IReadOnlyList<SourceRejection> Rejected, string? Cursor, bool More)
{
    /// <summary>Newest moment the channel says anything in this page was said (for the source's lag).</summary>
    public DateTimeOffset? Newest => Items.Count == 0 ? null : Items.Max(i => i.PostedAt);
}

/// <summary>The poll could not be read; the cursor stays and the poll is tried again after a backoff.</summary>
internal class SourceException(string message, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>The channel (429) or our own pacing says wait: not a failure of the source.</summary>
internal sealed class SourceRateLimitedException(string message, TimeSpan retryAfter) : SourceException(message, retryAfter);

/// <summary>A setting or credential is missing or wrong: an admin must fix the account.</summary>
internal sealed class SourceConfigurationException(string message) : SourceException(message);

/// <summary>Client-side pacing shared by every replica (token buckets in Redis), per account and API.</summary>
internal sealed class SourcePacer(IRateLimiter limiter, string account)
{
    /// <summary>Takes one request's token, or throws <see cref="SourceRateLimitedException"/> saying how long to wait.</summary>
    public async Task TakeAsync(string api, TokenBucketPolicy policy, CancellationToken cancellationToken)
    {
        var decision = await limiter.TryTakeAsync($"monitoring:{account}:{api}", policy, 1, cancellationToken);
        if (!decision.Allowed)
        {
            throw new SourceRateLimitedException($"paced: {api} requests are spent for now", decision.RetryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : decision.RetryAfter);
        }
    }
}

/// <summary>One webhook delivery as received: the raw body (never re-serialised), headers and the URL it was sent to.</summary>
internal sealed record WebhookRequest(byte[] Body, IHeaderDictionary Headers, string Url, string? ContentType);

internal enum WebhookOutcome
{
    Accepted,
    NotConfigured,
    BadSignature,
    Malformed,
}

/// <summary>What a delivery said: its id (for replay protection) and its mentions, or why it was refused.</summary>
internal sealed record WebhookReading(WebhookOutcome Outcome, string? DeliveryId, IReadOnlyList<CapturedMention> Items, IReadOnlyList<SourceRejection> Rejected, string? Problem)
{
    public static WebhookReading Refused(WebhookOutcome outcome, string problem) => new(outcome, null, [], [], problem);

    public static WebhookReading Read(string deliveryId, IReadOnlyList<CapturedMention> items, IReadOnlyList<SourceRejection> rejected) =>
        new(WebhookOutcome.Accepted, deliveryId, items, rejected, null);
}
