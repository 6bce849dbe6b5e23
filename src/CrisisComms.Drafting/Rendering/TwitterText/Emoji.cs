using System.Globalization;

namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <summary>Finds the emoji sequences that config v3 counts as one character.</summary>
/// <remarks>
/// twitter-text matches a generated list of the recommended (RGI) sequences of its day (Unicode 12).
/// Here a sequence is a grapheme cluster (UAX #29, which .NET implements) that starts with a pictograph
/// or a regional indicator, or else a keycap. That gives the same count for every RGI emoji, and newer
/// emoji, skin tones and ZWJ sequences count once too instead of falling apart into their code points.
/// </remarks>
internal static class Emoji
{
    private const char TextPresentation = '\uFE0E';
    private const char EmojiPresentation = '\uFE0F';
    private const char CombiningKeycap = '\u20E3';

    // Extended_Pictographic (Unicode emoji-data.txt), as [first, last] pairs, sorted.
    private static readonly int[] Pictographic =
    [
        0x00A9, 0x00A9, 0x00AE, 0x00AE, 0x203C, 0x203C, 0x2049, 0x2049, 0x2122, 0x2122, 0x2139, 0x2139,
        0x2194, 0x2199, 0x21A9, 0x21AA, 0x231A, 0x231B, 0x2328, 0x2328, 0x2388, 0x2388, 0x23CF, 0x23CF,
        0x23E9, 0x23F3, 0x23F8, 0x23FA, 0x24C2, 0x24C2, 0x25AA, 0x25AB, 0x25B6, 0x25B6, 0x25C0, 0x25C0,
        0x25FB, 0x25FE, 0x2600, 0x2605, 0x2607, 0x2612, 0x2614, 0x2685, 0x2690, 0x2705, 0x2708, 0x2712,
        0x2714, 0x2714, 0x2716, 0x2716, 0x271D, 0x271D, 0x2721, 0x2721, 0x2728, 0x2728, 0x2733, 0x2734,
        0x2744, 0x2744, 0x2747, 0x2747, 0x274C, 0x274C, 0x274E, 0x274E, 0x2753, 0x2755, 0x2757, 0x2757,
        0x2763, 0x2767, 0x2795, 0x2797, 0x27A1, 0x27A1, 0x27B0, 0x27B0, 0x27BF, 0x27BF, 0x2934, 0x2935,
        0x2B05, 0x2B07, 0x2B1B, 0x2B1C, 0x2B50, 0x2B50, 0x2B55, 0x2B55, 0x3030, 0x3030, 0x303D, 0x303D,
        0x3297, 0x3297, 0x3299, 0x3299, 0x1F000, 0x1F0FF, 0x1F10D, 0x1F10F, 0x1F12F, 0x1F12F,
        0x1F16C, 0x1F171, 0x1F17E, 0x1F17F, 0x1F18E, 0x1F18E, 0x1F191, 0x1F19A, 0x1F1AD, 0x1F1E5,
        0x1F201, 0x1F20F, 0x1F21A, 0x1F21A, 0x1F22F, 0x1F22F, 0x1F232, 0x1F23A, 0x1F23C, 0x1F23F,
        0x1F249, 0x1F3FA, 0x1F400, 0x1F53D, 0x1F546, 0x1F64F, 0x1F680, 0x1F6FF, 0x1F774, 0x1F77F,
        0x1F7D5, 0x1F7FF, 0x1F80C, 0x1F80F, 0x1F848, 0x1F84F, 0x1F85A, 0x1F85F, 0x1F888, 0x1F88F,
        0x1F8AE, 0x1F8FF, 0x1F90C, 0x1F93A, 0x1F93C, 0x1F945, 0x1F947, 0x1FAFF, 0x1FC00, 0x1FFFD,
    ];

    /// <summary>Length in UTF-16 code units of the emoji sequence at <paramref name="index"/>; 0 when none starts there.</summary>
    public static int SequenceLength(string text, int index)
    {
        var codePoint = CodePoints.At(text, index, out var width);
        var next = index + width < text.Length ? text[index + width] : '\0';

        if (codePoint is >= '0' and <= '9' or '#' or '*')
        {
            // A keycap: the digit, an optional VS16, then U+20E3 (1⃣ counts 2, not 1 + 2).
            var keycap = next == EmojiPresentation ? index + width + 1 : index + width;
            return keycap < text.Length && text[keycap] == CombiningKeycap ? keycap + 1 - index : 0;
        }

        // U+FE0E asks for the plain-text glyph; twitter-text then counts the code points. © and ®
        // (in the light Latin-1 range) are pictographs only when VS16 asks for the emoji glyph.
        var isEmoji = next != TextPresentation
            && (IsRegionalIndicator(codePoint) || (IsPictographic(codePoint) && (codePoint > 0xFF || next == EmojiPresentation)));
        return isEmoji ? StringInfo.GetNextTextElementLength(text, index) : 0;
    }

    private static bool IsRegionalIndicator(int codePoint) => codePoint is >= 0x1F1E6 and <= 0x1F1FF;

    private static bool IsPictographic(int codePoint)
    {
        for (var i = 0; i < Pictographic.Length && Pictographic[i] <= codePoint; i += 2)
        {
            if (codePoint <= Pictographic[i + 1])
            {
                return true;
            }
        }

        return false;
    }
}
