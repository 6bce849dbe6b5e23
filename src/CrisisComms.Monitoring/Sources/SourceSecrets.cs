using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace CrisisComms.Monitoring.Sources;

/// <summary>
/// Source credentials at rest: a JSON object of named secrets protected with the shared Data Protection
/// key ring (any replica can read them; rotation of the ring keeps old keys for reading). The same small
/// pattern as publishing's channel secrets, under its own purpose — a candidate for Platform.
/// </summary>
internal sealed class SourceSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("CrisisComms.MonitoringSecrets.v1");

    public byte[] Protect(IReadOnlyDictionary<string, string> secrets) =>
        _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(secrets));

    public Dictionary<string, string> Unprotect(byte[]? protectedSecrets) =>
        protectedSecrets is null or { Length: 0 }
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(protectedSecrets)) ?? new(StringComparer.Ordinal);
}
