using System.Globalization;
using System.Text;

namespace CrisisComms.OnCall.Rotas;

/// <summary>One VEVENT.</summary>
internal sealed record CalendarEvent(string Uid, DateTimeOffset Start, DateTimeOffset End, string Summary, string? Description);

/// <summary>
/// RFC 5545 text, written carefully rather than by a library: CRLF line ends, content lines folded at
/// 75 octets (never inside a UTF-8 sequence), TEXT values escaped (backslash, semicolon, comma,
/// newline), and every time in UTC ("Z" form), so no VTIMEZONE is needed and calendar apps show the
/// shifts in their own zone — correct across daylight-saving changes.
/// </summary>
internal static class ICalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(string name, string description, DateTimeOffset stamp, IEnumerable<CalendarEvent> events)
    {
        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//CrisisComms//On-call rota//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "METHOD:PUBLISH");
        Line(text, "X-WR-CALNAME:" + Escape(name));
        Line(text, "X-WR-CALDESC:" + Escape(description));
        // Calendar apps that honour it refresh hourly.
        Line(text, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
        Line(text, "X-PUBLISHED-TTL:PT1H");
        foreach (var e in events)
        {
            Line(text, "BEGIN:VEVENT");
            Line(text, "UID:" + Escape(e.Uid));
            Line(text, "DTSTAMP:" + Utc(stamp));
            Line(text, "DTSTART:" + Utc(e.Start));
            Line(text, "DTEND:" + Utc(e.End));
            Line(text, "SUMMARY:" + Escape(e.Summary));
            if (e.Description is { Length: > 0 } d)
            {
                Line(text, "DESCRIPTION:" + Escape(d));
            }

            Line(text, "TRANSP:OPAQUE");
            Line(text, "END:VEVENT");
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11: backslash, semicolon and comma escaped; line breaks as \n.</summary>
    public static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>RFC 5545 §3.1: lines longer than 75 octets are split with CRLF and one space, at character boundaries.</summary>
    private static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        var enumerator = StringInfo.GetTextElementEnumerator(line);
        while (enumerator.MoveNext())
        {
            var element = (string)enumerator.Current;
            var size = Encoding.UTF8.GetByteCount(element);
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                // The leading space of a continuation line counts towards its 75.
                octets = 1;
            }

            text.Append(element);
            octets += size;
        }

        text.Append("\r\n");
    }
}
