namespace CrisisComms.OnCall.Rotas;

/// <summary>
/// A rota: one or more layers (e.g. a weekly duty officer and a daily back-up), each a rotation of
/// people handing over at a local time in the rota's time zone, plus overrides and swaps.
/// </summary>
internal sealed class Rota
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>IANA time zone of handover times; null uses the organisation's.</summary>
    public string? TimeZone { get; set; }

    public List<RotaLayer> Layers { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One rotation: shift k starts on <see cref="StartDate"/> + k × <see cref="RotationDays"/> at
/// <see cref="HandoverTime"/> local time, and belongs to <c>Members[k mod n]</c>. Daily is 1 day,
/// weekly 7 (the start date's weekday is the handover day).
/// </summary>
internal sealed class RotaLayer
{
    public Guid Id { get; set; }

    public Guid RotaId { get; set; }

    /// <summary>0 first: the layer paged when an escalation level names the rota without a layer.</summary>
    public int Position { get; set; }

    public required string Name { get; set; }

    public int RotationDays { get; set; } = 7;

    public DateOnly StartDate { get; set; }

    public TimeOnly HandoverTime { get; set; }

    public List<Guid> Members { get; set; } = [];
}

/// <summary>Someone else covers a layer between two instants (holiday cover, a swap's half).</summary>
internal sealed class RotaOverride
{
    public Guid Id { get; set; }

    public Guid RotaId { get; set; }

    public int LayerPosition { get; set; }

    public Guid PersonId { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    public string? Reason { get; set; }

    /// <summary>Both halves of a swap share it.</summary>
    public Guid? SwapId { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
