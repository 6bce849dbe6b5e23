using System.Globalization;
using System.Text;
using CrisisComms.Drafting.Rendering.TwitterText;

namespace CrisisComms.Drafting.Tags;

/// <summary>
/// How incident hashtags are made: <c>#&lt;Prefix&gt;&lt;Name&gt;</c> with the name in CamelCase, short,
/// and a valid hashtag by X's own rules (twitter-text). Pure, so it is tested without a host.
/// </summary>
internal static class HashtagRules
{
    /// <summary>Long tags get mistyped and crowd the message; the name part stays short.</summary>
    public const int MaxNameLength = 24;

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "off", "on", "or", "the", "to", "with", "near",
        "incident", "warning", "alert", "update", "major", "minor", "serious", "severe", "emergency",
    };

    // The hazard a title is about makes the best tag: "River Exe flooding" -> Flood.
    private static readonly (string Stem, string Name)[] Hazards =
    [
        ("flood", "Flood"), ("fire", "Fire"), ("wildfire", "Wildfire"), ("snow", "Snow"), ("storm", "Storm"), ("ice", "Ice"),
        ("heat", "Heat"), ("wind", "Wind"), ("gale", "Gale"), ("power", "PowerCut"), ("outage", "Outage"), ("gas", "GasLeak"),
        ("water", "Water"), ("chemical", "Chemical"), ("explosion", "Explosion"), ("landslide", "Landslide"), ("evacuat", "Evacuation"),
        ("smoke", "Smoke"), ("drought", "Drought"), ("collapse", "Collapse"), ("pollution", "Pollution"),
    ];

    /// <summary><c>#</c>, the prefix, then the name's words in CamelCase (letters and digits of any script).</summary>
    public static string Compose(string prefix, string name)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(name);
        var camel = new StringBuilder();
        foreach (var word in name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length > 0)
            {
                camel.Append(char.ToUpper(letters[0], CultureInfo.InvariantCulture)).Append(letters.AsSpan(1));
            }
        }

        return $"#{prefix}{camel}";
    }

    /// <summary>A short name for a title: its hazard if it names one, else its first two meaningful words.</summary>
    public static string SuggestName(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var words = title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => new string(w.Where(char.IsLetterOrDigit).ToArray()))
            .Where(w => w.Length > 0)
            .ToList();
        foreach (var word in words)
        {
            var hazard = Hazards.FirstOrDefault(h => word.StartsWith(h.Stem, StringComparison.OrdinalIgnoreCase));
            if (hazard.Name is not null)
            {
                return hazard.Name;
            }
        }

        var meaningful = words.Where(w => !StopWords.Contains(w)).Take(2).ToList();
        return meaningful.Count > 0 ? string.Join(' ', meaningful) : "Incident";
    }

    /// <summary>Why a tag cannot be issued (empty when it can).</summary>
    public static IReadOnlyList<string> Problems(string tag, string prefix)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var problems = new List<string>();
        if (!tag.StartsWith('#') || !tag[1..].StartsWith(prefix, StringComparison.Ordinal))
        {
            problems.Add($"must start with #{prefix}");
        }

        if (tag.Length - 1 - prefix.Length is var nameLength && nameLength < 1)
        {
            problems.Add("needs a name after the prefix");
        }
        else if (nameLength > MaxNameLength)
        {
            problems.Add($"the name after the prefix is {nameLength} characters; keep it to {MaxNameLength}");
        }

        if (!Hashtags.IsValid(tag))
        {
            problems.Add("is not a valid hashtag on X (letters, digits and underscores, not only digits)");
        }

        return problems;
    }

    /// <summary>Other tags to offer when a candidate is taken or already in use by others.</summary>
    public static IReadOnlyList<string> Alternatives(string prefix, string name, IEnumerable<string> areas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(areas);
        var month = now.ToString("MMM", CultureInfo.InvariantCulture);
        var candidates = new List<string>();
        foreach (var area in areas.Take(2))
        {
            var place = area.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => !StopWords.Contains(w));
            if (place is not null)
            {
                candidates.Add(Compose(prefix, $"{place} {name}"));
            }
        }

        candidates.Add(Compose(prefix, $"{name} {month}"));
        candidates.Add(Compose(prefix, $"{name} {now.Year}"));
        candidates.Add(Compose(prefix, $"{name} {month} {now.Year % 100:00}"));
        return candidates
            .Where(c => Problems(c, prefix).Count == 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The public cannot tell #DCCFlood from #dccflood: the register compares lower case.</summary>
    public static string Normalize(string tag) => tag.ToLowerInvariant();
}
