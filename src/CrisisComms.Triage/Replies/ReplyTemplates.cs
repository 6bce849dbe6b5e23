using System.Text.RegularExpressions;

namespace CrisisComms.Triage.Replies;

/// <summary>A short reply an officer sends from the queue, with {placeholders} they fill in.</summary>
internal sealed record ReplyTemplate(string Key, string Name, string Text)
{
    public IReadOnlyList<string> Placeholders { get; } = ReplyTemplates.PlaceholdersOf(Text);
}

/// <summary>
/// Triage's own small set of replies for answering the public from the queue (drafting owns the
/// templates of published updates). Short enough for X once filled in.
/// </summary>
internal static partial class ReplyTemplates
{
    public const string CallEmergency = "call-999";

    public static readonly IReadOnlyList<ReplyTemplate> All =
    [
        new(CallEmergency, "Danger to life: call 999",
            "If you or anyone with you is in danger now, call 999 straight away (text 999 if you have registered for emergency SMS). Move to a safe place, upstairs or high ground if water is rising. We have told the emergency services."),
        new("acknowledge", "Seen, passing it on",
            "Thank you, we've seen this and passed it to the team dealing with it. We'll update you here."),
        new("latest-update", "Point to the latest update",
            "The latest information is here: {link}. We'll keep it updated as things change."),
        new("rumour-not-true", "Correct a rumour",
            "This is not true: {fact}. Please share only official updates, such as {link}."),
        new("referred", "Passed to a partner",
            "Thank you. This is dealt with by {partner}, and we have passed your message to them. You can also contact them directly: {contact}."),
        new("report-a-problem", "How to report it",
            "Thanks for letting us know. You can report this to us at {link}, or call {phone}; if anyone is in danger, call 999."),
    ];

    public static ReplyTemplate? Find(string key) => All.FirstOrDefault(t => t.Key == key);

    /// <summary>The text with every {placeholder} filled; the names of those left without a value.</summary>
    public static (string Text, IReadOnlyList<string> Missing) Fill(ReplyTemplate template, IReadOnlyDictionary<string, string>? values)
    {
        var missing = new List<string>();
        var text = Placeholder().Replace(template.Text, match =>
        {
            var name = match.Groups[1].Value;
            if (values is not null && values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }

            missing.Add(name);
            return match.Value;
        });
        return (text, missing);
    }

    internal static IReadOnlyList<string> PlaceholdersOf(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();

    [GeneratedRegex(@"\{([a-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
