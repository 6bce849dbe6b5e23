using System.ComponentModel.DataAnnotations;

namespace CrisisComms.Drafting;

/// <summary>
/// <c>CrisisComms:Drafting</c>: the organisation this deployment speaks for, as first configured.
/// These seed the organisation's settings on first start; admins change them through the API after.
/// </summary>
internal sealed class DraftingOptions
{
    public const string Section = "CrisisComms:Drafting";

    [Required]
    [StringLength(120, MinimumLength = 2)]
    public string Organisation { get; set; } = "Demo County Council";

    /// <summary>Starts every incident hashtag: <c>#DCCFlood</c>.</summary>
    [Required]
    [RegularExpression(global::CrisisComms.Drafting.Organisation.OrganisationSettings.PrefixPattern, ErrorMessage = "must be 2 to 10 letters or digits, starting with a letter (e.g. DCC)")]
    public string HashtagPrefix { get; set; } = "DCC";

    /// <summary>CAP <c>sender</c>: who the alerts come from, e.g. <c>emergencies@devon.gov.uk</c>.</summary>
    [Required]
    [RegularExpression(@"^[^\s,<&]+$", ErrorMessage = "must have no spaces, commas, < or &")]
    public string CapSender { get; set; } = "emergencies@demo.crisiscomms";

    /// <summary>Where the public incident pages live (CAP <c>web</c>, links in emails).</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080/";
}
