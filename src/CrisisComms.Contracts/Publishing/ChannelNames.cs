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
}
