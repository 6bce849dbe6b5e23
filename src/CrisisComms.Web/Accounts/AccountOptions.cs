using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Web.Accounts;

/// <summary><c>CrisisComms:Accounts</c>.</summary>
internal sealed class AccountOptions
{
    public const string Section = "CrisisComms:Accounts";

    /// <summary>How long a token from <c>POST /api/v1/auth/token</c> is good for.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>First admin, created at start when there are no users (production bootstrap).</summary>
    [EmailAddress]
    public string? BootstrapAdminEmail { get; set; }

    [MinLength(12)]
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Password of the demo accounts (embedded demo only).</summary>
    [MinLength(12)]
    public string DemoPassword { get; set; } = "crisiscomms-demo";
}
