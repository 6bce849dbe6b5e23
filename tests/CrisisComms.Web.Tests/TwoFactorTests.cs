using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed partial class TwoFactorTests : ConsoleTest
{
    private const string Email = "officer@council.test";
    private const string Password = "correct horse battery";

    protected override void Configure(ServiceHostOptions options)
    {
        base.Configure(options);
        options.Settings["CrisisComms:Accounts:BootstrapAdminEmail"] = Email;
        options.Settings["CrisisComms:Accounts:BootstrapAdminPassword"] = Password;
    }

    [Fact]
    public async Task With_an_authenticator_set_up_a_password_alone_no_longer_signs_in()
    {
        using var browser = new PageClient(Host.Services);
        var (signedIn, _, home) = await browser.SubmitAsync("/sign-in", "/sign-in", ("email", Email), ("password", Password), ("returnUrl", ""));
        var (_, setup, _) = await browser.GetAsync("/account/two-factor");
        var key = KeyPattern().Match(setup).Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal);
        var (enabled, recovery, _) = await browser.PostAsync("/account/two-factor", PageClient.Token(setup), ("code", Totp(key)), ("returnUrl", ""));
        var recoveryCode = RecoveryPattern().Match(recovery).Groups[1].Value;

        using var later = new PageClient(Host.Services);
        var (challenged, _, secondStep) = await later.SubmitAsync("/sign-in", "/sign-in", ("email", Email), ("password", Password), ("returnUrl", "/console/triage"));
        var (_, wrongBody, _) = await later.SubmitAsync("/sign-in/two-factor", "/sign-in/two-factor", ("code", "000000"), ("returnUrl", "/console/triage"));
        var (_, _, afterCode) = await later.SubmitAsync("/sign-in/two-factor", "/sign-in/two-factor", ("code", recoveryCode), ("returnUrl", "/console/triage"));
        var (console, _, _) = await later.GetAsync("/console/triage");
        var tokenWithoutCode = await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = Email, password = Password }, HttpStatusCode.Unauthorized);
        var tokenWithCode = await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = Email, password = Password, code = Totp(key) }, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Redirect, signedIn);
        Assert.Equal("/console", home);
        Assert.Equal(HttpStatusCode.OK, enabled);
        Assert.Matches("^[A-Z0-9]{5}-[A-Z0-9]{5}$", recoveryCode);
        Assert.Equal(HttpStatusCode.Redirect, challenged);
        Assert.StartsWith("/sign-in/two-factor", secondStep, StringComparison.Ordinal);
        Assert.Contains("That code is not right", wrongBody, StringComparison.Ordinal);
        Assert.Equal("/console/triage", afterCode);
        Assert.Equal(HttpStatusCode.OK, console);
        tokenWithoutCode.AssertProblem("two-factor-required", 401);
        Assert.StartsWith("cc1.", tokenWithCode.Text("token"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_cookie_is_host_only_secure_http_only_and_same_site()
    {
        using var browser = new PageClient(Host.Services);
        var (_, page, _) = await browser.GetAsync("/sign-in");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent([new("email", Email), new("password", Password), new("returnUrl", ""), new("__RequestVerificationToken", PageClient.Token(page))]),
        };
        request.Headers.Add("Cookie", string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}")));

        using var response = await Host.AnonymousClient.SendAsync(request);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-crisiscomms=", StringComparison.Ordinal)).ToLowerInvariant();

        Assert.Contains("secure", session, StringComparison.Ordinal);
        Assert.Contains("httponly", session, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", session, StringComparison.Ordinal);
        Assert.Contains("path=/", session, StringComparison.Ordinal);
        Assert.DoesNotContain("domain=", session, StringComparison.Ordinal);
    }

    /// <summary>RFC 6238 with the authenticator defaults (SHA-1, 30 s, 6 digits), as a phone app computes it.</summary>
    private static string Totp(string base32)
    {
        var key = Base32(base32);
        var counter = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.ToUpperInvariant().TrimEnd('=').Select(c => Convert.ToString(alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }

    [GeneratedRegex("id=\"authenticator-key\">([^<]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([A-Z0-9]{5}-[A-Z0-9]{5})</code></li>")]
    private static partial Regex RecoveryPattern();
}
