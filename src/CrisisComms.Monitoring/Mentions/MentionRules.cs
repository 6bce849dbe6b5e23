using System.Text;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Sources;

namespace CrisisComms.Monitoring.Mentions;

/// <summary>
/// What any source's mention must be before it is stored: a usable native id and text, values that fit
/// their columns, no characters the database refuses (NUL, lone surrogates). What cannot be mended is
/// rejected with a reason; what can (a too-long text, an impossible date) is mended, so one odd item never
/// blocks the ones after it.
/// </summary>
internal static class MentionRules
{
    public const int MaxNativeId = 200;
    public const int MaxAuthor = 200;
    public const int MaxText = 20_000;
    public const int MaxUrl = 2000;
    public const int MaxTag = 140;
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static (List<CapturedMention> Valid, List<SourceRejection> Rejected) Check(IReadOnlyList<CapturedMention> heard, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(heard);
        var valid = new List<CapturedMention>(heard.Count);
        var rejected = new List<SourceRejection>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in heard)
        {
            if (item is null)
            {
                continue;
            }

            var nativeId = Clean(item.NativeId)?.Trim();
            if (string.IsNullOrEmpty(nativeId) || nativeId.Length > MaxNativeId)
            {
                rejected.Add(new SourceRejection(Cut(nativeId, 80), $"no usable native id (1 to {MaxNativeId} characters)", Excerpt(item.Text)));
                continue;
            }

            var text = Clean(item.Text)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                rejected.Add(new SourceRejection(nativeId, "no text"));
                continue;
            }

            if (!seen.Add(nativeId))
            {
                // The same item twice in one page or delivery: the first stands.
                continue;
            }

            valid.Add(item with
            {
                NativeId = nativeId,
                Text = text.Length > MaxText ? text[..(MaxText - 1)] + "…" : text,
                Author = Cut(Clean(item.Author)?.Trim(), MaxAuthor) is { Length: > 0 } author ? author : "unknown",
                PostedAt = item.PostedAt < Earliest || item.PostedAt > now.AddDays(1) ? now : item.PostedAt,
                Kind = MentionKinds.All.Contains(item.Kind) ? item.Kind : MentionKinds.Post,
                AuthorId = Fit(item.AuthorId, MaxNativeId),
                AuthorFollowers = item.AuthorFollowers is >= 0 ? item.AuthorFollowers : null,
                InReplyToNativeId = Fit(item.InReplyToNativeId, MaxNativeId),
                ConversationId = Fit(item.ConversationId, MaxNativeId),
                Url = Fit(item.Url, MaxUrl),
                Language = Fit(item.Language, 35),
                Hashtags = item.Hashtags?.Select(t => MentionHashtags.Normalise(Clean(t) ?? string.Empty))
                    .Where(t => t.Length is > 0 and <= MaxTag).Distinct(StringComparer.Ordinal).Take(50).ToList(),
            });
        }

        return (valid, rejected);
    }

    public static string? Excerpt(string? text) => Cut(Clean(text), 200);

    /// <summary>Without NUL (PostgreSQL refuses it in text) and with lone surrogates replaced (UTF-8 cannot carry them).</summary>
    public static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!NeedsCleaning(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else
            {
                clean.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return clean.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (c == '\0' || char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Fit(string? value, int max)
    {
        var clean = Clean(value)?.Trim();
        return string.IsNullOrEmpty(clean) || clean.Length > max ? null : clean;
    }

    private static string? Cut(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
