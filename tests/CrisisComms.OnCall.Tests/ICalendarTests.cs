using System.Text;
using CrisisComms.OnCall.Rotas;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>RFC 5545 output: CRLF, folding at 75 octets without splitting a character, escaping, UTC times.</summary>
public sealed class ICalendarTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Lines_end_in_CRLF_and_none_is_longer_than_75_octets()
    {
        var text = ICalendar.Write("On call: Comms duty rota", "Shifts", Stamp,
        [
            new CalendarEvent("a@crisiscomms", Stamp, Stamp.AddHours(8), "On call: Duty officer (a rather long rota name that goes on and on — with “quotes” and ünïcödé)", new string('é', 120)),
        ]);

        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        var lines = text.Split("\r\n");
        Assert.All(lines, line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"{Encoding.UTF8.GetByteCount(line)} octets: {line}"));
        Assert.Equal("BEGIN:VCALENDAR", lines[0]);
        Assert.Equal("END:VCALENDAR", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
    }

    [Fact]
    public void Folded_lines_unfold_to_the_original_text_with_every_character_whole()
    {
        var description = "Ünïcödé " + new string('€', 60) + " and 🙂 emoji";
        var text = ICalendar.Write("x", "y", Stamp, [new CalendarEvent("u@c", Stamp, Stamp.AddHours(1), "s", description)]);

        var unfolded = text.Replace("\r\n ", string.Empty, StringComparison.Ordinal);

        Assert.Contains("DESCRIPTION:" + description + "\r\n", unfolded, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', text);
    }

    [Fact]
    public void Text_values_are_escaped()
    {
        Assert.Equal("a\\, b\\; c\\\\ d\\ne", ICalendar.Escape("a, b; c\\ d\ne"));
    }

    [Fact]
    public void Times_are_UTC_so_no_time_zone_definition_is_needed()
    {
        var bst = new DateTimeOffset(2026, 3, 29, 9, 0, 0, TimeSpan.FromHours(1));
        var text = ICalendar.Write("x", "y", Stamp, [new CalendarEvent("u@c", bst, bst.AddDays(7), "s", null)]);

        Assert.Contains("DTSTART:20260329T080000Z\r\n", text, StringComparison.Ordinal);
        Assert.Contains("DTEND:20260405T080000Z\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("VTIMEZONE", text, StringComparison.Ordinal);
    }
}
