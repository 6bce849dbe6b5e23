using CrisisComms.Drafting.Rendering.Sms;
using Xunit;

namespace CrisisComms.Drafting.Tests.Sms;

public sealed class SmsSanitiserTests
{
    [Theory]
    [InlineData("\u2018", "'")]
    [InlineData("\u2019", "'")]
    [InlineData("\u201A", "'")]
    [InlineData("\u201C", "\"")]
    [InlineData("\u201D", "\"")]
    [InlineData("\u201E", "\"")]
    [InlineData("\u2013", "-")]
    [InlineData("\u2014", "-")]
    [InlineData("\u2011", "-")]
    [InlineData("\u2212", "-")]
    [InlineData("\u2026", "...")]
    [InlineData("\u00A0", " ")]
    [InlineData("\u202F", " ")]
    [InlineData("\t", " ")]
    [InlineData("\u200B", "")]
    [InlineData("\u200C", "")]
    [InlineData("\u2060", "")]
    [InlineData("\uFEFF", "")]
    [InlineData("\u180E", "")]
    [InlineData("\u2028", "\n")]
    [InlineData("\u2029", "\n")]
    public void A_character_with_a_GSM_equivalent_is_replaced(string character, string expected) =>
        Assert.Equal($"a{expected}b", SmsSanitiser.Sanitise($"a{character}b"));

    [Fact]
    public void Smart_quotes_dashes_and_zero_width_characters_turn_a_UCS2_text_back_into_GSM()
    {
        var draft = "Don’t drive through “flood water” – it’s deeper than it looks… gov\u200B.uk/flood";
        Assert.Equal(SmsEncoding.Ucs2, SmsCounter.Count(draft).Encoding);

        var sanitised = SmsSanitiser.Sanitise(draft);

        Assert.Equal("Don't drive through \"flood water\" - it's deeper than it looks... gov.uk/flood", sanitised);
        var count = SmsCounter.Count(sanitised);
        Assert.Equal(SmsEncoding.Gsm7, count.Encoding);
        Assert.Empty(count.NonGsmCharacters);
    }

    [Fact]
    public void A_stray_zero_width_joiner_in_Latin_text_is_removed()
    {
        Assert.Equal("gov.uk", SmsSanitiser.Sanitise("gov\u200D.uk"));
        Assert.Equal("end", SmsSanitiser.Sanitise("end\u200D"));
        Assert.Equal("start", SmsSanitiser.Sanitise("\u200Dstart"));
    }

    [Theory]
    [InlineData("🏳️‍🌈")] // white flag, VS16, ZWJ, rainbow
    [InlineData("👨‍👩‍👧")]
    public void A_zero_width_joiner_inside_an_emoji_sequence_is_kept(string emoji) =>
        Assert.Equal($"Closed {emoji}", SmsSanitiser.Sanitise($"Closed {emoji}"));

    [Fact]
    public void Welsh_characters_are_kept_not_downgraded()
    {
        // Notify keeps them (and sends UCS-2): "dwr" is not "dŵr".
        const string welsh = "Peidiwch ag yfed dŵr. Ŵyr, ŷd, â, ê, î, ô, û, ẁ, ỳ, ẃ, ý, ẅ, ÿ";

        Assert.Equal(welsh, SmsSanitiser.Sanitise(welsh));
    }

    [Theory]
    [InlineData("Łódź")]
    [InlineData("Закрыто")]
    [InlineData("Flood 🌊")]
    [InlineData("It Just Works™")]
    public void Other_non_GSM_characters_are_kept(string text) =>
        Assert.Equal(text, SmsSanitiser.Sanitise(text));

    [Fact]
    public void A_decomposed_accent_is_composed_so_a_GSM_letter_stays_GSM()
    {
        var sanitised = SmsSanitiser.Sanitise("Cafe\u0301 closed");

        Assert.Equal("Café closed", sanitised);
        Assert.Equal(SmsEncoding.Gsm7, SmsCounter.Count(sanitised).Encoding);
    }

    [Fact]
    public void GSM_text_is_left_alone()
    {
        const string text = "A38 closed at Haldon Hill. Use the B3193 & allow 20 mins. Info: devon.gov.uk/roads {ref 12}\n";

        Assert.Equal(text, SmsSanitiser.Sanitise(text));
    }

    [Fact]
    public void An_empty_text_stays_empty() => Assert.Equal("", SmsSanitiser.Sanitise(""));
}
