namespace CrisisComms.OnCall.Handover;

/// <summary>An incident as on-call last heard of it (from drafting's events): for handover summaries.</summary>
internal sealed class IncidentView
{
    public Guid IncidentId { get; set; }

    public required string Title { get; set; }

    public required string Hashtag { get; set; }

    public required string Severity { get; set; }

    public required string Status { get; set; }

    public DateTimeOffset? NextUpdateDue { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A triage item still waiting (from triage's events); removed when it is dealt with.</summary>
internal sealed class OpenItemView
{
    public Guid ItemId { get; set; }

    public Guid? IncidentId { get; set; }

    public required string Priority { get; set; }

    public required string Summary { get; set; }

    public required string Status { get; set; }

    public string? AssignedTo { get; set; }

    public DateTimeOffset Deadline { get; set; }

    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>A handover reminder or summary made for one handover of one layer: made once, even with several replicas.</summary>
internal sealed class HandoverNotice
{
    public Guid Id { get; set; }

    public Guid RotaId { get; set; }

    public int LayerPosition { get; set; }

    public DateTimeOffset HandoverAt { get; set; }

    /// <summary>reminder or summary.</summary>
    public required string Kind { get; set; }

    public Guid PersonId { get; set; }

    public required string Text { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
