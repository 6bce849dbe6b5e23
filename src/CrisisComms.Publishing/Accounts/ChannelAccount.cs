namespace CrisisComms.Publishing.Accounts;

/// <summary>
/// The organisation's account on one channel: its settings, its credentials (encrypted with the
/// shared key ring, never returned or logged), its kill switch, and its health as the console shows it.
/// A channel with no enabled account posts to the sandbox.
/// </summary>
internal sealed class ChannelAccount
{
    public required string Channel { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Non-secret settings as JSON (the channel's own shape: page id, chat id, SMTP host…).</summary>
    public string Settings { get; set; } = "{}";

    /// <summary>Credentials, protected with Data Protection (purpose <c>CrisisComms.ChannelSecrets.v1</c>).</summary>
    public byte[]? Secrets { get; set; }

    public int SecretsVersion { get; set; }

    public DateTimeOffset? SecretsRotatedAt { get; set; }

    /// <summary>The kill switch: while paused, posts for this channel wait; the others keep their speed.</summary>
    public bool Paused { get; set; }

    public bool PausedAutomatically { get; set; }

    public string? PausedReason { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    public int ConsecutiveFailures { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    public DateTimeOffset? LastFailureAt { get; set; }

    public string? LastError { get; set; }

    public long Sent { get; set; }

    public long Failed { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
