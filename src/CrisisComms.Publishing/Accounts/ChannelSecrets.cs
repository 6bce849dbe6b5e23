using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace CrisisComms.Publishing.Accounts;

/// <summary>
/// Channel credentials at rest: a JSON object of named secrets, protected with the shared Data
/// Protection key ring. Any replica of any age can read them (the ring is in the database); a key
/// rotation keeps old keys for reading, so credentials never need re-entering because of it.
/// </summary>
internal sealed class ChannelSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CrisisComms.ChannelSecrets.v1");

    public byte[] Protect(IReadOnlyDictionary<string, string> secrets) =>
        _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(secrets));

    public Dictionary<string, string> Unprotect(byte[]? protectedSecrets) =>
        protectedSecrets is null or { Length: 0 }
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedSecrets)) ?? new(StringComparer.Ordinal);
}
