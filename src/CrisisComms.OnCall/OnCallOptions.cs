using System.ComponentModel.DataAnnotations;

namespace CrisisComms.OnCall;

/// <summary><c>CrisisComms:OnCall</c>.</summary>
internal sealed class OnCallOptions
{
    public const string Section = "CrisisComms:OnCall";

    /// <summary>Who is paged while no rota covers the moment.</summary>
    [Required]
    [StringLength(200, MinimumLength = 1)]
    public string FallbackRecipient { get; set; } = "duty-officer";
}
