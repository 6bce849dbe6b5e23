namespace CrisisComms.OnCall.Rotas;

/// <summary>
/// A secret calendar URL for a person's or a rota's shifts: calendar apps cannot sign in, so the token
/// in the URL is the credential. Only its SHA-256 is stored; revoking it stops the feed at once.
/// </summary>
internal sealed class CalendarFeed
{
    public Guid Id { get; set; }

    /// <summary>person or rota.</summary>
    public required string Scope { get; set; }

    public Guid ScopeId { get; set; }

    public required string TokenHash { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
