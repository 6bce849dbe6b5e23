using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace CrisisComms.Platform.Security;

/// <summary>Who a token speaks for.</summary>
public sealed record TokenSubject(string Id, string Name, IReadOnlyList<string> Roles);

/// <summary>
/// Bearer tokens every service can check without a lookup: the subject, its roles and an expiry,
/// protected with the shared Data Protection key ring (so a token issued by the web service is
/// accepted by every other). They are prefixed <c>cc1.</c> so a leaked one is easy to spot.
/// </summary>
public sealed class ApiTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public const string Prefix = "cc1.";
    private readonly IDataProtector _protector = protection.CreateProtector("CrisisComms.ApiToken.v1");

    public string Issue(TokenSubject subject, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var payload = new Payload(subject.Id, subject.Name, [.. subject.Roles], time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds(), Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        var protectedBytes = _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(payload));
        return Prefix + WebEncoders.Base64UrlEncode(protectedBytes);
    }

    /// <summary>The token's subject when it is genuine and unexpired; otherwise null with the reason.</summary>
    public (TokenSubject? Subject, string? Problem) Read(string token)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (null, "not a CrisisComms token");
        }

        Payload? payload;
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token[Prefix.Length..]));
            payload = JsonSerializer.Deserialize<Payload>(bytes);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return (null, "token not recognised");
        }

        if (payload is null || payload.Exp < time.GetUtcNow().ToUnixTimeSeconds())
        {
            return (null, "token expired");
        }

        return (new TokenSubject(payload.Sub, payload.Name, payload.Roles), null);
    }

    public static ClaimsPrincipal PrincipalOf(TokenSubject subject, string scheme)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, subject.Id), new(ClaimTypes.Name, subject.Name) };
        claims.AddRange(subject.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private sealed record Payload(string Sub, string Name, string[] Roles, long Exp, string Jti);
}
