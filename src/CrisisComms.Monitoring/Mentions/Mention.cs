namespace CrisisComms.Monitoring.Mentions;

/// <summary>One thing said on one channel, stored once: (channel, native id) is unique.</summary>
internal sealed class Mention
{
    public Guid Id { get; set; }

    public required string Channel { get; set; }

    public required string NativeId { get; set; }

    public required string Author { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public Guid? IncidentId { get; set; }

    public string? MatchedWatch { get; set; }
}
