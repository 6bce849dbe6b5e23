using Microsoft.Extensions.Options;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Pages;

/// <summary>Times as people read them: in the organisation's time zone, with the exact instant in the markup.</summary>
internal sealed class Clock(IOptions<WebOptions> options, TimeProvider time)
{
    private readonly TimeZoneInfo _zone = Resolve(options.Value.TimeZone);

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeZoneInfo Zone => _zone;

    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone);

    /// <summary><c>&lt;time&gt;</c> with the day when it is not today.</summary>
    public Html Time(DateTimeOffset? at)
    {
        if (at is not { } value)
        {
            return H($"<span class=\"muted\">—</span>");
        }

        var local = Local(value);
        var today = Local(Now).Date == local.Date;
        var text = today ? local.ToString("HH:mm") : local.ToString("ddd d MMM HH:mm");
        return H($"<time datetime=\"{value.UtcDateTime:O}\">{text}</time>");
    }

    /// <summary>"in 12 min" / "3 min ago".</summary>
    public string Relative(DateTimeOffset at)
    {
        var delta = at - Now;
        var minutes = (int)Math.Round(Math.Abs(delta.TotalMinutes));
        var amount = minutes < 1 ? "under a minute" : minutes < 120 ? $"{minutes} min" : $"{minutes / 60} h {minutes % 60} min";
        return delta >= TimeSpan.Zero ? $"in {amount}" : $"{amount} ago";
    }

    public static TimeZoneInfo Resolve(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            throw new Platform.Hosting.ConfigurationException($"{WebOptions.Section}:TimeZone", $"'{id}' is not a time zone this machine knows (e.g. Europe/London)");
        }
    }
}
