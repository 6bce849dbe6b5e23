using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Drafting;

/// <summary><c>CrisisComms:Drafting</c>: the organisation this deployment speaks for.</summary>
internal sealed class DraftingOptions
{
    public const string Section = "CrisisComms:Drafting";

    [Required]
    [StringLength(120, MinimumLength = 2)]
    public string Organisation { get; set; } = "Demo County Council";

    /// <summary>Starts every incident hashtag: <c>#DCCFlood</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{1,9}$", ErrorMessage = "must be 2 to 10 letters or digits, starting with a letter (e.g. DCC)")]
    public string HashtagPrefix { get; set; } = "DCC";
}
