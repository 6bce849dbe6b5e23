using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Web.Demo;

/// <summary><c>CrisisComms:Demo</c>: a simulated flood for a newcomer's first run (embedded only).</summary>
internal sealed class DemoOptions
{
    public const string Section = "CrisisComms:Demo";

    /// <summary>On by default when every service runs embedded; never on external infrastructure.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How often a simulated member of the public says something.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan MentionInterval { get; set; } = TimeSpan.FromSeconds(4);
}
