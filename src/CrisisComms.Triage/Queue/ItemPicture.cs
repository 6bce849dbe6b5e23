using System.Text;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Persistence;
using CrisisComms.Triage.Scoring;

namespace CrisisComms.Triage.Queue;

/// <summary>How an item is shown outside triage: the whole picture on every change.</summary>
internal static class ItemPicture
{
    public const int SummaryLength = 200;

    /// <summary>Adds <see cref="TriageItemUpdated"/> for <paramref name="item"/> to the unit of work's outbox.</summary>
    public static void Announce(ServiceDbContext db, TriageItem item, DateTimeOffset now)
    {
        item.UpdatedAt = now;
        db.Outbox.Publish(new TriageItemUpdated(
            item.Id,
            item.IncidentId,
            item.Channel,
            StatusOf(item, now),
            JudgementOf(item.Verdict),
            item.Priority.ToString(),
            Summary(item.Text),
            item.ClusterSize,
            item.ReasonList,
            item.AssignedTo ?? item.ActiveClaimant(now),
            item.Outcome,
            // Filed items are not tracked against a deadline; their last sighting stands in.
            item.Deadline ?? item.LastSeenAt,
            now));
    }

    /// <summary>Open, Claimed, Snoozed, Resolved or Filed.</summary>
    public static string StatusOf(TriageItem item, DateTimeOffset now) =>
        item.Status == ItemStatus.Open && item.ActiveClaimant(now) is not null ? "Claimed"
        : item.Status == ItemStatus.Snoozed && item.SnoozedUntil <= now ? "Open"
        : item.Status.ToString();

    public static string JudgementOf(Verdict verdict) => verdict switch
    {
        Verdict.NeedsResponse => "needs_response",
        Verdict.Informational => "informational",
        _ => "irrelevant",
    };

    /// <summary>One line, at most <see cref="SummaryLength"/> characters.</summary>
    public static string Summary(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= SummaryLength ? line : string.Concat(line.AsSpan(0, SafeCut(line, SummaryLength - 1)), "…");
    }

    /// <summary>
    /// Text as it can be stored and shown: no NUL (PostgreSQL refuses it), no lone surrogate halves,
    /// at most <paramref name="max"/> characters. Nothing else changes: odd text is kept, not dropped.
    /// </summary>
    public static string Clean(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var needsWork = text.Length > max;
        for (var i = 0; i < text.Length && !needsWork; i++)
        {
            var c = text[i];
            if (c == '\0' || (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))) || (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))))
            {
                needsWork = true;
            }
        }

        if (!needsWork)
        {
            return text;
        }

        var cleaned = new StringBuilder(Math.Min(text.Length, max));
        for (var i = 0; i < text.Length && cleaned.Length < max; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (cleaned.Length + 2 > max)
                {
                    break;
                }

                cleaned.Append(c).Append(text[++i]);
            }
            else
            {
                cleaned.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return cleaned.ToString();
    }

    private static int SafeCut(string text, int at) => char.IsHighSurrogate(text[at - 1]) ? at - 1 : at;
}
