using System.Buffers;

namespace CrisisComms.Drafting.Rendering.Sms;

/// <summary>The GSM 03.38 default alphabet: what an SMS can carry at 7 bits a character.</summary>
/// <remarks>
/// Same sets as GOV.UK Notify's <c>SanitiseSMS.GSM_CHARACTERS</c> / <c>EXTENDED_GSM_CHARACTERS</c>
/// (alphagov/notifications-utils, notifications_utils/sanitise_text.py), without the escape
/// character itself, which nobody types. Position 0x09 is Ç (capital), as in the standard.
/// </remarks>
internal static class GsmAlphabet
{
    private static readonly SearchValues<char> Basic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    // Sent as an escape plus a code, so each costs two of the 160.
    private static readonly SearchValues<char> Extension = SearchValues.Create("^{}\\[~]|€");

    public static bool IsBasic(char c) => Basic.Contains(c);

    public static bool IsExtension(char c) => Extension.Contains(c);

    public static bool Contains(char c) => IsBasic(c) || IsExtension(c);
}
