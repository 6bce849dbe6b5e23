namespace CrisisComms.Platform.Signatures;

/// <summary>Outcome of <see cref="WebhookSignature.Verify"/>. Only <see cref="Valid"/> means "process it"; the default value is not it.</summary>
public enum WebhookVerification
{
    /// <summary>No header, no <c>t</c>, no <c>v1</c>, or an entry that does not parse.</summary>
    Malformed = 0,

    /// <summary>Well-formed, but no <c>v1</c> matches the body under any current secret.</summary>
    NoMatchingSignature,

    /// <summary>Authentic, but signed too long ago (or too far ahead): a replay, or a clock off.</summary>
    TimestampOutsideTolerance,

    Valid,
}
