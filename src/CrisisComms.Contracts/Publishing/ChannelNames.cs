namespace CrisisComms.Contracts.Publishing;

/// <summary>The channel names used in every publishing message.</summary>
public static class ChannelNames
{
    public const string X = "x";
    public const string Facebook = "facebook";
    public const string Sms = "sms";
    public const string Email = "email";
    public const string Telegram = "telegram";
    public const string Web = "web";
    public const string Webhook = "webhook";

    /// <summary>The CAP 1.2 feed partners and aggregators poll.</summary>
    public const string Cap = "cap";

    public static IReadOnlyList<string> All { get; } = [X, Facebook, Sms, Email, Telegram, Web, Cap, Webhook];

    /// <summary>
    /// Channels a post can be taken down from. A text or an email cannot be recalled, and a CAP alert is
    /// withdrawn by a Cancel message (a Retraction draft), never by vanishing from the feed.
    /// </summary>
    public static IReadOnlyList<string> Withdrawable { get; } = [X, Facebook, Telegram, Web, Webhook];

    /// <summary>Why a channel cannot be withdrawn from, for the officer; null when it can.</summary>
    public static string? WhyNotWithdrawable(string channel) => channel switch
    {
        Sms => "a text message cannot be recalled: send a correction",
        Email => "an email cannot be recalled: send a correction",
        Cap => "a CAP alert is withdrawn by a Retraction draft, which publishes a Cancel message aggregators act on",
        _ when Withdrawable.Contains(channel) => null,
        _ => $"unknown channel '{channel}'",
    };
}
