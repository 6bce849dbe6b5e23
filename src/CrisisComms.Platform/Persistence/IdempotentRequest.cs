namespace CrisisComms.Platform.Persistence;

/// <summary>
/// The first answer to a request sent with an <c>Idempotency-Key</c>: the same key (from the same
/// user, to the same endpoint) gets this answer again instead of doing the work twice.
/// </summary>
public sealed class IdempotentRequest
{
    /// <summary>User, method and route the key is scoped to.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the request body: the same key with a different body is a client error.</summary>
    public required string RequestHash { get; set; }

    public int StatusCode { get; set; }

    public string? Location { get; set; }

    public string? ResponseBody { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
