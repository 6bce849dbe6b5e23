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
}
