using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Acknowledgements;

/// <summary>
/// Signed acknowledge links for pages sent by webhook and email: short-lived, good for one page and
/// one purpose, authenticated with the shared Data Protection key ring (HMAC-SHA256 inside), so any
/// replica can check one and nobody can forge or alter one. Opening the link shows a confirmation
/// page; only its POST acknowledges — link-preview bots that fetch it acknowledge nothing.
/// </summary>
internal sealed class AckLinks(IDataProtectionProvider protection, IOptions<OnCallOptions> options, TimeProvider time)
{
    private const string Version = "ack1";
    private readonly IDataProtector _protector = protection.CreateProtector("CrisisComms.OnCall.AcknowledgeLink.v1");

    public (Uri Url, DateTimeOffset ExpiresAt) Create(Guid pageId, Guid personId)
    {
        var expires = time.GetUtcNow() + options.Value.AckLinkLifetime;
        var payload = string.Create(CultureInfo.InvariantCulture, $"{Version}|{pageId:N}|{personId:N}|{expires.ToUnixTimeSeconds()}");
        var token = WebEncoders.Base64UrlEncode(_protector.Protect(Encoding.UTF8.GetBytes(payload)));
        return (new Uri(options.Value.PublicBaseUrl, $"api/v1/oncall/ack/{token}"), expires);
    }

    /// <summary>The page and person a link is for, or why it cannot be used.</summary>
    public (Guid PageId, Guid PersonId, string? Problem) Read(string token)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(_protector.Unprotect(WebEncoders.Base64UrlDecode(token)));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return (Guid.Empty, Guid.Empty, "This link is not valid.");
        }

        var parts = text.Split('|');
        if (parts.Length != 4 || parts[0] != Version
            || !Guid.TryParseExact(parts[1], "N", out var page) || !Guid.TryParseExact(parts[2], "N", out var person)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (Guid.Empty, Guid.Empty, "This link is not valid.");
        }

        return time.GetUtcNow().ToUnixTimeSeconds() > expires
            ? (page, person, "This link has expired: acknowledge from the console or your pager.")
            : (page, person, null);
    }
}
