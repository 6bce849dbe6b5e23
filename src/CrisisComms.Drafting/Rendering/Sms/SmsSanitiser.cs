using System.Text;

namespace CrisisComms.Drafting.Rendering.Sms;

/// <summary>
/// Swaps characters that would force a text into UCS-2 (70 characters a part instead of 160) for
/// GSM ones that mean the same, the way GOV.UK Notify does before it sends an SMS.
/// </summary>
/// <remarks>
/// Follows <c>SanitiseText.REPLACEMENT_CHARACTERS</c> / <c>SanitiseSMS.encode</c> in
/// alphagov/notifications-utils, notifications_utils/sanitise_text.py. Like Notify since
/// notifications-utils PR #1443 (2026), nothing else is downgraded: Welsh ŵ ŷ â, other alphabets and
/// emoji are kept and the text goes as UCS-2, because turning "dŵr" into "dwr" changes the message.
/// <see cref="SmsCounter"/> tells the officer which characters did that.
/// </remarks>
internal static class SmsSanitiser
{
    private const char ZeroWidthJoiner = '\u200D';

    public static string Sanitise(string text)
    {
        // A decomposed "e" + U+0301 (macOS, some web forms) is the same text as "é", which GSM has.
        text = text.Normalize(NormalizationForm.FormC);

        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (Replacement(c) is { } replacement)
            {
                result.Append(replacement);
            }
            else
            {
                result.Append(c);
            }
        }

        // Notify keeps U+200D for SMS because emoji sequences (🏳️‍🌈, 👨‍👩‍👧) and some scripts need
        // it; a stray one in Latin text would force UCS-2 on its own, so we drop those.
        for (var i = result.Length - 1; i >= 0; i--)
        {
            if (result[i] == ZeroWidthJoiner && !JoinsNonGsm(result, i))
            {
                result.Remove(i, 1);
            }
        }

        return result.ToString();
    }

    private static string? Replacement(char c) => c switch
    {
        '\u2011' or '\u2013' or '\u2014' or '\u2212' => "-", // non-breaking hyphen, en dash, em dash, minus
        '\u2026' => "...",
        '\u2018' or '\u2019' or '\u201A' => "'",
        '\u201C' or '\u201D' or '\u201E' => "\"",
        '\u00A0' or '\u202F' or '\t' => " ", // no-break space, narrow no-break space
        // Invisible: Mongolian vowel separator, zero width space and non-joiner, word joiner, BOM.
        '\u180E' or '\u200B' or '\u200C' or '\u2060' or '\uFEFF' => "",
        // Notify deletes line and paragraph separators; a newline keeps the two lines apart.
        '\u2028' or '\u2029' => "\n",
        _ => null,
    };

    private static bool JoinsNonGsm(StringBuilder text, int index) =>
        index > 0 && index < text.Length - 1
        && !GsmAlphabet.Contains(text[index - 1])
        && !GsmAlphabet.Contains(text[index + 1]);
}
