using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace CrisisComms.OnCall.People;

/// <summary>
/// Contact-method and integration secrets at rest (routing keys, API keys, webhook secrets), protected
/// with the shared Data Protection key ring, as publishing keeps channel credentials.
/// </summary>
internal sealed class ContactSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CrisisComms.OnCall.Secrets.v1");

    public byte[] Protect(ContactSecretValues values) => _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(values));

    public ContactSecretValues Unprotect(byte[]? protectedValues) =>
        protectedValues is null or { Length: 0 }
            ? new ContactSecretValues()
            : JsonSerializer.Deserialize<ContactSecretValues>(_protector.Unprotect(protectedValues)) ?? new ContactSecretValues();
}

internal sealed class ContactSecretValues
{
    public string? RoutingKey { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Webhook signing secrets, newest first; every one signs while a rotation is under way.</summary>
    public List<string> Secrets { get; set; } = [];
}
