using System.Text.Json;
using CrisisComms.Platform.Signatures;
using Xunit;

namespace CrisisComms.Platform.Tests.Signatures;

/// <summary>PagerDuty v3 <c>X-PagerDuty-Signature</c> against the pagerduty-* vectors and the developer docs.</summary>
public sealed class PagerDutySignatureTests
{
    public static TheoryData<string> Vectors => SignatureVectors.WebhookIds(IsPagerDuty);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_vector_signature_validates_and_its_negative_does_not(string id)
    {
        var vector = SignatureVectors.Webhook(id);
        var (body, secret, header) = (vector.Utf8("raw_body"), vector.String("secret"), vector.String("expected_header"));

        Assert.Equal(header, PagerDutySignature.Compute(body, secret));
        Assert.True(PagerDutySignature.IsValid(body, header, [secret]));
        Assert.True(PagerDutySignature.IsValid(body, header.ToUpperInvariant().Replace("V1=", "v1=", StringComparison.Ordinal), [secret]));
        Assert.False(PagerDutySignature.IsValid(body, vector.String("negative_header"), [secret]));
        Assert.False(PagerDutySignature.IsValid([.. body, (byte)' '], header, [secret]));
        Assert.False(PagerDutySignature.IsValid(body, header, ["another-secret"]));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void During_rotation_any_v1_entry_may_match_any_secret(string id)
    {
        var vector = SignatureVectors.Webhook(id);
        var (body, secret, header) = (vector.Utf8("raw_body"), vector.String("secret"), vector.String("expected_header"));
        // The docs' two-signature example (no secret or body published) stands in for the other secret's entries.
        var rotation = "v1=f03de6f61df6e454f3620c4d6aca17ad072d3f8bbb2760eac3b2ad391b5e8073,v1=130dcacb53a94d983a37cf2acba98e805a1c37185309ba56fdcccbcf00d6dd8b";
        Assert.StartsWith(rotation, vector.String("rotation_example_header_from_docs"), StringComparison.Ordinal);

        Assert.True(PagerDutySignature.IsValid(body, $"{rotation},{header}", [secret]));
        Assert.True(PagerDutySignature.IsValid(body, $"{header}, {rotation}", ["old-secret", secret]));
        Assert.True(PagerDutySignature.IsValid(body, $"v2=abc,{header}", [secret]));
        Assert.False(PagerDutySignature.IsValid(body, rotation, [secret]));
        Assert.False(PagerDutySignature.IsValid(body, header, []));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",,,")]
    [InlineData("v1=")]
    [InlineData("v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476c")]
    [InlineData("v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cdd")]
    [InlineData("v1=zz0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd")]
    [InlineData("0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd")]
    [InlineData("v0=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd")]
    public void A_missing_or_malformed_header_is_invalid_without_throwing(string? header)
    {
        var vector = SignatureVectors.Webhook(Vectors.Names()[0]);

        Assert.False(PagerDutySignature.IsValid(vector.Utf8("raw_body"), header, [vector.String("secret")]));
    }

    private static bool IsPagerDuty(JsonElement vector) => vector.String("id").StartsWith("pagerduty", StringComparison.Ordinal);
}
