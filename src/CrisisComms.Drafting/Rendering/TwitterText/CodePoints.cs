namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <summary>Reads a string by code point, as twitter-text (Java) does: a lone surrogate stands for itself.</summary>
internal static class CodePoints
{
    public static int At(string text, int index, out int width)
    {
        width = char.IsSurrogatePair(text, index) ? 2 : 1;
        return width == 2 ? char.ConvertToUtf32(text[index], text[index + 1]) : text[index];
    }

    /// <summary>The code point that ends just before <paramref name="index"/> (which must be above 0).</summary>
    public static int Before(string text, int index) =>
        index >= 2 && char.IsSurrogatePair(text[index - 2], text[index - 1])
            ? char.ConvertToUtf32(text[index - 2], text[index - 1])
            : text[index - 1];
}
