namespace CrisisComms.Drafting.Templates;

/// <summary>
/// A message template with <c>{{placeholders}}</c>, versioned: editing makes a new version, and a
/// draft records the version it was made from.
/// </summary>
internal sealed class Template
{
    public required string Key { get; set; }

    public int Version { get; set; }

    public required string Name { get; set; }

    public required string Headline { get; set; }

    public required string Body { get; set; }

    public List<string> DefaultChannels { get; set; } = [];

    public required string EditedBy { get; set; }

    public DateTimeOffset EditedAt { get; set; }

    public bool IsCurrent { get; set; }
}
