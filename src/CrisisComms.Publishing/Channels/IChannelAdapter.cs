using System.Text.Json;
using CrisisComms.Contracts.Publishing;

namespace CrisisComms.Publishing.Channels;

/// <summary>What to post on one channel, and the key that makes posting it twice impossible.</summary>
internal sealed record ChannelPost(
    Guid PostId,
    Guid IncidentId,
    string Channel,
    string Text,
    string IdempotencyKey,
    string? Subject,
    string? Html,
    IReadOnlyList<string>? Thread,
    string? InReplyTo,
    string? CapXml,
    string? Kind,
    string? Recipient = null)
{
    public static ChannelPost From(PublishToChannel c) =>
        new(c.PostId, c.IncidentId, c.Channel, c.Text, c.IdempotencyKey, c.Subject, c.Html, c.Thread, c.InReplyTo, c.CapXml, c.Kind, c.Recipient);

    /// <summary>The parts to post: the thread if there is one, else the text.</summary>
    public IReadOnlyList<string> Parts => Thread is { Count: > 0 } thread ? thread : [Text];
}

internal enum OutcomeKind
{
    Published,

    /// <summary>The channel refused it for good (bad request, revoked token): an officer must act.</summary>
    Refused,

    /// <summary>Try again later (5xx, network, rate limit), after <see cref="ChannelOutcome.RetryAfter"/> if the channel said.</summary>
    Retry,

    /// <summary>The channel may have taken it (timeout, connection lost after sending): look it up before anything else.</summary>
    Unknown,
}

/// <summary>A channel's answer, with its own error text when it refused.</summary>
internal sealed record ChannelOutcome(OutcomeKind Kind, string? ChannelPostId = null, string? Url = null, string? Error = null, TimeSpan? RetryAfter = null, bool RateLimited = false)
{
    public static ChannelOutcome Posted(string channelPostId, string? url) => new(OutcomeKind.Published, channelPostId, url);

    public static ChannelOutcome Refused(string error) => new(OutcomeKind.Refused, Error: error);

    public static ChannelOutcome Retry(string error, TimeSpan? after = null, bool rateLimited = false) => new(OutcomeKind.Retry, Error: error, RetryAfter: after, RateLimited: rateLimited);

    public static ChannelOutcome Unknown(string error) => new(OutcomeKind.Unknown, Error: error);
}

/// <summary>What looking a post up on the channel found.</summary>
internal sealed record Lookup(bool? Found, string? ChannelPostId = null, string? Url = null, string? Detail = null)
{
    public static Lookup Yes(string id, string? url) => new(true, id, url);

    public static Lookup No { get; } = new(false);

    public static Lookup CannotTell(string why) => new(null, Detail: why);
}

/// <summary>The account a call is made with: its settings, its decrypted credentials, and a place to record progress.</summary>
internal sealed class ChannelCall(
    string channel,
    JsonElement settings,
    IReadOnlyDictionary<string, string> secrets,
    IReadOnlyList<string> partsDone,
    Func<int, string, Task> recordPart,
    Func<IReadOnlyDictionary<string, string>, Task> saveSecrets)
{
    private IReadOnlyDictionary<string, string> _secrets = secrets;

    public string Channel => channel;

    public JsonElement Settings => settings;

    public IReadOnlyDictionary<string, string> Secrets => _secrets;

    /// <summary>Ids of the thread parts already posted in an earlier attempt.</summary>
    public IReadOnlyList<string> PartsDone => partsDone;

    /// <summary>Persist a posted part at once, so a crash later resumes after it.</summary>
    public Task RecordPartAsync(int index, string channelPostId) => recordPart(index, channelPostId);

    /// <summary>Persist refreshed credentials (an OAuth 2.0 refresh), encrypted; the rest of this call uses them (X's refresh tokens work once).</summary>
    public Task SaveSecretsAsync(IReadOnlyDictionary<string, string> updated)
    {
        _secrets = updated;
        return saveSecrets(updated);
    }

    public string Setting(string name, string? fallback = null) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : fallback ?? throw new ChannelConfigurationException($"{channel}: setting '{name}' is missing");

    public string Secret(string name) =>
        _secrets.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new ChannelConfigurationException($"{channel}: credential '{name}' is missing");
}

/// <summary>A channel account is not set up well enough to call (a permanent refusal, for an admin to fix).</summary>
internal sealed class ChannelConfigurationException(string message) : Exception(message);

/// <summary>One per channel, under <c>Channels/&lt;Channel&gt;/</c>.</summary>
internal interface IChannelAdapter
{
    string Channel { get; }

    /// <summary>Posts; classifies what happened. Must not throw for channel errors: it returns them.</summary>
    Task<ChannelOutcome> PublishAsync(ChannelPost post, ChannelCall call, CancellationToken cancellationToken);

    /// <summary>After an unknown outcome: did the channel take the post? Looked up before any retry.</summary>
    Task<Lookup> LookUpAsync(ChannelPost post, ChannelCall call, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a published post down (<paramref name="channelPostIds"/>: every part, first to last). Must be
    /// safe to repeat: what is already gone counts as withdrawn. Channels that cannot recall return Refused.
    /// </summary>
    Task<ChannelOutcome> WithdrawAsync(ChannelPost post, IReadOnlyList<string> channelPostIds, ChannelCall call, CancellationToken cancellationToken);
}
