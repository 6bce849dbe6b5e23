namespace CrisisComms.Platform.Signatures;

/// <summary>
/// The four OAuth 1.0a values an app signs with (X calls them API key/secret and access token/secret).
/// <see cref="Token"/> is absent only while obtaining temporary credentials (RFC 5849 §2.1).
/// </summary>
public sealed record OAuth1Credentials(string ConsumerKey, string ConsumerSecret, string? Token = null, string? TokenSecret = null)
{
    /// <summary>Names only the consumer key: credentials end up in exception messages and logs.</summary>
    public override string ToString() => $"OAuth1Credentials {{ ConsumerKey = {ConsumerKey}, secrets redacted }}";
}
