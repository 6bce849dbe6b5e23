using System.Text.RegularExpressions;

namespace CrisisComms.Drafting.Templates;

/// <summary>
/// Fills <c>{{placeholder}}</c>s. Built-in values (organisation, incident, hashtag, areas, next_update)
/// come from the incident; the rest from the officer. Any left unfilled are reported by name, never
/// sent to the public as braces.
/// </summary>
internal static partial class TemplateText
{
    public static (string Text, IReadOnlyList<string> Missing) Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var missing = new List<string>();
        var text = Placeholder().Replace(template, m =>
        {
            var name = m.Groups["name"].Value;
            if (values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            if (!missing.Contains(name))
            {
                missing.Add(name);
            }

            return m.Value;
        });
        return (text, missing);
    }

    public static IReadOnlyList<string> Placeholders(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups["name"].Value).Distinct().ToList();

    [GeneratedRegex(@"\{\{\s*(?<name>[a-z][a-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
