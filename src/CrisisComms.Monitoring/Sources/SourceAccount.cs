namespace CrisisComms.Monitoring.Sources;

/// <summary>
/// The organisation's account on one channel, as monitoring uses it to listen: settings, credentials
/// (encrypted with the shared key ring, never returned or logged) and whether it is switched on.
/// Keys: <c>x</c>, <c>facebook</c>, <c>sms</c>, <c>telegram</c>, <c>email</c>, or <c>feed-&lt;name&gt;</c> for a partner's feed.
/// </summary>
internal sealed class SourceAccount
{
    public required string Key { get; set; }

    public required string Type { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Non-secret settings as JSON (the account type's own shape).</summary>
    public string Settings { get; set; } = "{}";

    /// <summary>Credentials, protected with Data Protection (purpose <c>CrisisComms.MonitoringSecrets.v1</c>).</summary>
    public byte[]? Secrets { get; set; }

    public int SecretsVersion { get; set; }

    public DateTimeOffset? SecretsRotatedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
