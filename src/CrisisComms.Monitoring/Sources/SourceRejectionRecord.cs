namespace CrisisComms.Monitoring.Sources;

/// <summary>Something a source read but could not use, kept (for a while) so an operator can see what and why.</summary>
internal sealed class SourceRejectionRecord
{
    public long Id { get; set; }

    public required string Source { get; set; }

    public string? NativeId { get; set; }

    public required string Reason { get; set; }

    public string? Excerpt { get; set; }

    public DateTimeOffset At { get; set; }
}
