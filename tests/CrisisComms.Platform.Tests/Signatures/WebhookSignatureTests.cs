using System.Security.Cryptography;
using System.Text;
using CrisisComms.Platform.Signatures;
using Xunit;

namespace CrisisComms.Platform.Tests.Signatures;

/// <summary>
/// Our <c>CrisisComms-Signature</c>. The vectors file has no generic timestamp+body HMAC vectors, so the
/// format is pinned by one independently computed value and the rest are behaviours.
/// </summary>
public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"post\":\"Flood warning: River Ouse\",\"é\":1}");
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Each_v1_is_hmac_sha256_of_timestamp_dot_body_per_secret()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["current", "previous"]);

        byte[] signed = [.. "1700000000."u8, .. Body];
        var expected = (string secret) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
        Assert.Equal($"t=1700000000,v1={expected("current")},v1={expected("previous")}", header);
        Assert.Equal(
            "t=1700000000,v1=" + Convert.ToHexStringLower(HMACSHA256.HashData("s"u8, "1700000000.{}"u8)),
            WebhookSignature.Sign("{}"u8.ToArray(), SentAt, ["s"]));
    }

    [Fact]
    public void A_signed_body_round_trips()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["current"]);

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Body, header, ["current"], SentAt.AddSeconds(30), Tolerance));
    }

    [Fact]
    public void Any_one_of_several_secrets_validates()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["new", "old"]);

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Body, header, ["new"], SentAt, Tolerance));
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Body, header, ["old"], SentAt, Tolerance));
        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Body, header, ["unrelated", "old"], SentAt, Tolerance));
    }

    [Fact]
    public void A_rotated_out_secret_no_longer_validates()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["old"]);

        Assert.Equal(WebhookVerification.NoMatchingSignature, WebhookSignature.Verify(Body, header, ["new"], SentAt, Tolerance));
        Assert.Equal(WebhookVerification.NoMatchingSignature, WebhookSignature.Verify(Body, header, [], SentAt, Tolerance));
    }

    [Fact]
    public void A_tampered_body_or_timestamp_fails()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["current"]);
        var moved = header.Replace("t=1700000000", "t=1700000100", StringComparison.Ordinal);

        Assert.Equal(WebhookVerification.NoMatchingSignature, WebhookSignature.Verify([.. Body, (byte)' '], header, ["current"], SentAt, Tolerance));
        Assert.Equal(WebhookVerification.NoMatchingSignature, WebhookSignature.Verify(Body, moved, ["current"], SentAt, Tolerance));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86_400)]
    public void A_replay_outside_the_tolerance_fails(int secondsLater)
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["current"]);

        Assert.Equal(WebhookVerification.TimestampOutsideTolerance,
            WebhookSignature.Verify(Body, header, ["current"], SentAt.AddSeconds(secondsLater), Tolerance));
        Assert.Equal(WebhookVerification.Valid,
            WebhookSignature.Verify(Body, header, ["current"], SentAt.AddSeconds(Math.Sign(secondsLater) * 300), Tolerance));
    }

    [Fact]
    public void A_stale_forgery_is_reported_as_no_match_not_as_stale()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["attacker-guess"]);

        Assert.Equal(WebhookVerification.NoMatchingSignature,
            WebhookSignature.Verify(Body, header, ["current"], SentAt.AddDays(1), Tolerance));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("garbage")]
    [InlineData("t=1700000000")]
    [InlineData("v1=" + Hex64)]
    [InlineData("t=,v1=" + Hex64)]
    [InlineData("t=-1,v1=" + Hex64)]
    [InlineData("t=1.5,v1=" + Hex64)]
    [InlineData("t=99999999999999999999999,v1=" + Hex64)]
    [InlineData("t=9223372036854775807,v1=" + Hex64)]
    [InlineData("t=1700000000,t=1700000000,v1=" + Hex64)]
    [InlineData("t=1700000000,v1=abc")]
    [InlineData("t=1700000000,v1=" + Hex64 + "00")]
    [InlineData("t=1700000000,v1=zz" + Hex62)]
    [InlineData("t=1700000000,v2=" + Hex64)]
    [InlineData("t=1700000000,=x,v1=" + Hex64)]
    [InlineData("t=1700000000,v1=" + Hex64 + ",junk")]
    public void A_malformed_header_fails_without_throwing(string? header) =>
        Assert.Equal(WebhookVerification.Malformed, WebhookSignature.Verify(Body, header, ["current"], SentAt, Tolerance));

    [Fact]
    public void Unknown_entries_and_spacing_are_tolerated()
    {
        var header = WebhookSignature.Sign(Body, SentAt, ["current"]).Replace(",", " , ", StringComparison.Ordinal) + ",v2=future";

        Assert.Equal(WebhookVerification.Valid, WebhookSignature.Verify(Body, header, ["current"], SentAt, Tolerance));
    }

    [Fact]
    public void Signing_needs_a_secret()
    {
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign(Body, SentAt, []));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign(Body, SentAt, [""]));
    }

    private const string Hex64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Hex62 = "23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
}
