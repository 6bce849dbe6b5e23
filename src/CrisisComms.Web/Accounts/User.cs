using Microsoft.AspNetCore.Identity;

namespace CrisisComms.Web.Accounts;

/// <summary>A person who signs in: an officer, approver, admin, or a partner organisation's member.</summary>
internal sealed class User : IdentityUser<Guid>
{
    public required string DisplayName { get; set; }

    /// <summary>For partners: the organisation they belong to (police, fire, NHS…).</summary>
    public string? Organisation { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class Role : IdentityRole<Guid>;
