using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Web;

/// <summary><c>CrisisComms:Web</c>.</summary>
internal sealed class WebOptions
{
    public const string Section = "CrisisComms:Web";

    /// <summary>
    /// Split deployment: base address of each service this process does not run, e.g.
    /// <c>CrisisComms:Web:Routes:drafting = http://drafting:8080</c>. The web service is the single public
    /// entry and forwards <c>/api/v1/&lt;area&gt;</c> to the owner.
    /// </summary>
    public Dictionary<string, string> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where the console's pages reach the API of a service running in this process. Empty: this
    /// process's own first listening address (loopback).
    /// </summary>
    [Url]
    public string? ApiBaseAddress { get; set; }

    /// <summary>
    /// The address partners and officers use (invite links are made from it). Empty: the address of
    /// the request that made the link.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>The organisation's time zone: every time on a page is shown in it.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>
    /// The SignalR browser client (<c>signalr.min.js</c> from the npm package <c>@microsoft/signalr</c>).
    /// Empty: looked for in <c>.tools/web/node_modules</c> above the program. Without it pages poll.
    /// </summary>
    public string? SignalRClientFile { get; set; }

    /// <summary>How often pages refresh themselves when they cannot hold a live connection.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a partner invite link can be exchanged (it is single-use).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromHours(24);
}
