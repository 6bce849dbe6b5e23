using System.Text;
using System.Text.Json;
using CrisisComms.Platform.Signatures;
using Xunit;

namespace CrisisComms.Platform.Tests.Signatures;

/// <summary>
/// Meta <c>X-Hub-Signature-256</c>. Meta publishes no secret/body/signature triple; the meta-* vector was
/// computed from the documented formula, so these tests pin the formula and the header handling.
/// </summary>
public sealed class MetaSignatureTests
{
    public static TheoryData<string> Vectors =>
        SignatureVectors.WebhookIds(v => v.String("id").StartsWith("meta", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_vector_body_validates_only_as_sent(string id)
    {
        var vector = SignatureVectors.Webhook(id);
        var (body, secret, header) = (vector.Utf8("raw_body"), vector.String("app_secret"), vector.String("expected_header"));

        Assert.Equal(header, MetaSignature.Compute(body, secret));
        Assert.True(MetaSignature.IsValid(body, header, secret));
        Assert.True(MetaSignature.IsValid(body, "sha256=" + header["sha256=".Length..].ToUpperInvariant(), secret));
        Assert.False(MetaSignature.IsValid(body, header, secret + "x"));
        Assert.False(MetaSignature.IsValid([.. body, (byte)'\n'], header, secret));

        // Re-serialising the JSON unescapes \u00e4 to ä and changes the bytes, so the signature no longer holds.
        var reserialised = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(JsonDocument.Parse(body).RootElement,
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.False(MetaSignature.IsValid(reserialised, header, secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=8547e9322ae35caec214e1e6c5efe5ea7767fd74c935805de04e81e9b8bc406")]
    [InlineData("sha256=8547e9322ae35caec214e1e6c5efe5ea7767fd74c935805de04e81e9b8bc406bb")]
    [InlineData("sha256=x547e9322ae35caec214e1e6c5efe5ea7767fd74c935805de04e81e9b8bc406b")]
    [InlineData("8547e9322ae35caec214e1e6c5efe5ea7767fd74c935805de04e81e9b8bc406b")]
    [InlineData("sha1=2fd4e1c67a2d28fced849ee1bb76e7391b93eb12")]
    public void A_missing_malformed_or_legacy_header_is_invalid_without_throwing(string? header)
    {
        var vector = SignatureVectors.Webhook(Vectors.Names()[0]);

        Assert.False(MetaSignature.IsValid(vector.Utf8("raw_body"), header, vector.String("app_secret")));
    }
}
