using CrisisComms.Drafting.Rendering.Sms;
using Xunit;

namespace CrisisComms.Drafting.Tests.Sms;

public sealed class SmsCounterTests
{
    private static string A(int count) => new('a', count);

    [Fact]
    public void An_empty_text_is_GSM_with_no_segments_and_a_whole_segment_left()
    {
        var count = SmsCounter.Count("");

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(0, count.Characters);
        Assert.Equal(0, count.Segments);
        Assert.Equal(160, count.CharactersLeftInSegment);
        Assert.Empty(count.NonGsmCharacters);
    }

    [Theory]
    [InlineData(1, 1, 159)]
    [InlineData(160, 1, 0)]
    [InlineData(161, 2, 145)]
    [InlineData(306, 2, 0)] // 153 × 2
    [InlineData(307, 3, 152)]
    [InlineData(459, 3, 0)]
    [InlineData(460, 4, 152)]
    public void A_GSM_text_fits_160_in_one_part_then_153_a_part(int length, int segments, int left)
    {
        var count = SmsCounter.Count(A(length));

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(length, count.Characters);
        Assert.Equal(segments, count.Segments);
        Assert.Equal(left, count.CharactersLeftInSegment);
    }

    [Theory]
    [InlineData("€")]
    [InlineData("[")]
    [InlineData("]")]
    [InlineData("{")]
    [InlineData("}")]
    [InlineData("\\")]
    [InlineData("^")]
    [InlineData("~")]
    [InlineData("|")]
    public void An_extension_table_character_stays_GSM_and_counts_two(string character)
    {
        var count = SmsCounter.Count(character);

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(2, count.Characters);
        Assert.Equal(158, count.CharactersLeftInSegment);
    }

    [Fact]
    public void An_extension_character_that_fills_the_single_part_keeps_one_segment()
    {
        var count = SmsCounter.Count(A(158) + "€");

        Assert.Equal(160, count.Characters);
        Assert.Equal(1, count.Segments);
        Assert.Equal(0, count.CharactersLeftInSegment);
    }

    [Fact]
    public void An_extension_character_at_160_tips_the_text_into_two_segments()
    {
        var count = SmsCounter.Count(A(159) + "€");

        Assert.Equal(161, count.Characters);
        Assert.Equal(2, count.Segments);
        Assert.Equal(145, count.CharactersLeftInSegment);
    }

    [Fact]
    public void An_extension_pair_is_not_split_across_segments()
    {
        // 152 + € would need 154 septets in a 153-septet part, so € opens part two; 306 characters
        // that a naive 306 / 153 calls two parts need three.
        var count = SmsCounter.Count(A(152) + "€" + A(152));

        Assert.Equal(306, count.Characters);
        Assert.Equal(3, count.Segments);
        Assert.Equal(152, count.CharactersLeftInSegment);
    }

    [Theory]
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?")]
    [InlineData("¡ÄÖÑÜ§¿äöñüà")]
    [InlineData("Line one\nLine two\r\nLine three")]
    public void The_whole_default_alphabet_is_GSM(string text)
    {
        var count = SmsCounter.Count(text);

        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Equal(text.Length, count.Characters);
    }

    [Fact]
    public void Welsh_accents_that_GSM_has_stay_GSM()
    {
        Assert.Equal(SmsEncoding.Gsm7, SmsCounter.Count("Ffordd ar gau ger Llandéilo, ä ö ü à è ì ò ù").Encoding);
    }

    [Fact]
    public void Welsh_w_and_y_circumflex_force_UCS2_and_are_named()
    {
        var count = SmsCounter.Count("Peidiwch ag yfed dŵr o'r tap. Mae'r ŷd a'r dŵr wedi'u heintio.");

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(["ŵ", "ŷ"], count.NonGsmCharacters);
        Assert.Equal(62, count.Characters);
        Assert.Equal(1, count.Segments);
        Assert.Equal(8, count.CharactersLeftInSegment);
    }

    [Fact]
    public void An_emoji_forces_UCS2_and_counts_two_code_units()
    {
        var count = SmsCounter.Count("Flood 🌊");

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(8, count.Characters);
        Assert.Equal(62, count.CharactersLeftInSegment);
        Assert.Equal(["🌊"], count.NonGsmCharacters);
    }

    [Fact]
    public void An_emoji_sequence_is_named_as_the_reader_sees_it()
    {
        var count = SmsCounter.Count("Pride march cancelled 🏳️‍🌈");

        Assert.Equal(["🏳️‍🌈"], count.NonGsmCharacters);
    }

    [Theory]
    [InlineData(70, 1, 0)]
    [InlineData(71, 2, 63)]
    [InlineData(134, 2, 0)] // 67 × 2
    [InlineData(135, 3, 66)]
    public void A_UCS2_text_fits_70_in_one_part_then_67_a_part(int length, int segments, int left)
    {
        var count = SmsCounter.Count("ŵ" + A(length - 1));

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(length, count.Characters);
        Assert.Equal(segments, count.Segments);
        Assert.Equal(left, count.CharactersLeftInSegment);
    }

    [Fact]
    public void A_surrogate_pair_is_not_split_across_segments()
    {
        var count = SmsCounter.Count(A(66) + "🌊" + A(66));

        Assert.Equal(134, count.Characters);
        Assert.Equal(3, count.Segments);
        Assert.Equal(66, count.CharactersLeftInSegment);
    }

    [Fact]
    public void In_UCS2_an_extension_character_counts_one()
    {
        var count = SmsCounter.Count("ŵ€");

        Assert.Equal(2, count.Characters);
    }

    [Fact]
    public void Each_character_that_forced_UCS2_is_named_once_in_order_of_appearance()
    {
        var count = SmsCounter.Count("ŷ ŵ ŷ 🌊 ŵ");

        Assert.Equal(["ŷ", "ŵ", "🌊"], count.NonGsmCharacters);
    }

    [Fact]
    public void The_counter_counts_the_text_as_given_without_sanitising_it()
    {
        var count = SmsCounter.Count("It’s closed");

        Assert.Equal(SmsEncoding.Ucs2, count.Encoding);
        Assert.Equal(["’"], count.NonGsmCharacters);
    }
}
