using System.Globalization;
using System.Net;
using System.Text;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Rendering.Cap;
using CrisisComms.Drafting.Rendering.Sms;
using CrisisComms.Drafting.Rendering.TwitterText;

namespace CrisisComms.Drafting.Rendering;

/// <summary>
/// Renders one draft for every channel it is going to: each with the channel's own limits, counter
/// and verdict, the incident hashtag appended where it fits. Pure: the same draft renders the same.
/// </summary>
internal static class DraftRenderer
{
    public const int SmsMaxSegments = 3;
    public const int FacebookLimit = 63_206;
    public const int TelegramLimit = 4_096;
    public const int EmailSubjectAdvice = 78;

    public static IReadOnlyList<ChannelRendering> Render(DraftKind kind, string headline, string body, IEnumerable<string> channels, RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return channels.Select(c => RenderChannel(c, kind, headline, body, context)).ToList();
    }

    public static ChannelRendering RenderChannel(string channel, DraftKind kind, string headline, string body, RenderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        body = body.Trim();
        headline = headline.Trim();
        return channel switch
        {
            ChannelNames.X => X(body, context.Hashtag),
            ChannelNames.Sms => Sms(body, context.Hashtag),
            ChannelNames.Facebook => Plain(channel, Join(headline, body, context.Hashtag), FacebookLimit, context.Hashtag),
            ChannelNames.Email => Email(headline, body, context),
            ChannelNames.Telegram => Telegram(headline, body, context.Hashtag),
            ChannelNames.Web => Web(headline, body, context),
            ChannelNames.Webhook => Plain(channel, Join(headline, body, context.Hashtag), int.MaxValue, context.Hashtag),
            ChannelNames.Cap => CapAlertRendering(kind, headline, body, context),
            _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "not a channel"),
        };
    }

    /// <summary>
    /// X counts with twitter-text (config v3: URLs 23, emoji 2, CJK 2). The tag goes at the end if the
    /// post still fits; a post over 280 is offered as a numbered thread.
    /// </summary>
    private static ChannelRendering X(string body, string hashtag)
    {
        const int limit = 280;
        if (Contains(body, hashtag))
        {
            return XVerdict(body, TweetParser.Parse(body, TwitterTextConfig.V3), hashtagIncluded: true, note: null);
        }

        var withTag = $"{body} {hashtag}";
        var tagged = TweetParser.Parse(withTag, TwitterTextConfig.V3);
        var alone = TweetParser.Parse(body, TwitterTextConfig.V3);
        if (tagged.Valid || alone.WeightedLength > limit)
        {
            // Fits with its tag — or is too long anyway, and then the thread carries the tag.
            return XVerdict(withTag, tagged, hashtagIncluded: true, note: null);
        }

        var over = tagged.WeightedLength - limit;
        return XVerdict(body, alone, hashtagIncluded: false, note: $"{hashtag} left off: with it the post is {over} over {limit}");
    }

    private static ChannelRendering XVerdict(string text, TweetParseResult parsed, bool hashtagIncluded, string? note)
    {
        const int limit = 280;
        var counter = $"{parsed.WeightedLength}/{limit}";
        if (parsed.WeightedLength <= limit)
        {
            return new ChannelRendering(ChannelNames.X, text, parsed.WeightedLength, limit, counter,
                note is null ? Verdict.Fits : Verdict.Warning, note ?? "fits", hashtagIncluded);
        }

        var thread = XThread.Split(text, limit);
        return new ChannelRendering(ChannelNames.X, text, parsed.WeightedLength, limit, counter, Verdict.TooLong,
            $"{parsed.WeightedLength - limit} over {limit}; can go as a thread of {thread.Count} posts", hashtagIncluded)
        {
            Thread = thread,
        };
    }

    /// <summary>
    /// SMS is sanitised as GOV.UK Notify does, then counted in GSM-7 or UCS-2 segments. The tag is
    /// added only if it costs no extra text; more than <see cref="SmsMaxSegments"/> texts is too long.
    /// </summary>
    private static ChannelRendering Sms(string body, string hashtag)
    {
        var text = SmsSanitiser.Sanitise(body);
        var count = SmsCounter.Count(text);
        var included = Contains(text, hashtag);
        if (!included)
        {
            var tagged = SmsSanitiser.Sanitise($"{body} {hashtag}");
            var taggedCount = SmsCounter.Count(tagged);
            if (taggedCount.Segments <= Math.Max(1, count.Segments) && taggedCount.Segments <= SmsMaxSegments)
            {
                (text, count, included) = (tagged, taggedCount, true);
            }
        }

        var perText = count.Encoding == SmsEncoding.Gsm7 ? (count.Segments > 1 ? SmsCounter.GsmPerPart : SmsCounter.GsmSinglePart) : (count.Segments > 1 ? SmsCounter.Ucs2PerPart : SmsCounter.Ucs2SinglePart);
        var counter = string.Create(CultureInfo.InvariantCulture, $"{count.Segments} text{(count.Segments == 1 ? string.Empty : "s")} ({(count.Encoding == SmsEncoding.Gsm7 ? "GSM" : "Unicode")}), {count.CharactersLeftInSegment} characters left");
        var limit = SmsMaxSegments * (count.Encoding == SmsEncoding.Gsm7 ? SmsCounter.GsmPerPart : SmsCounter.Ucs2PerPart);
        if (count.Segments > SmsMaxSegments)
        {
            return new ChannelRendering(ChannelNames.Sms, text, count.Characters, limit, counter, Verdict.TooLong,
                $"{count.Characters - limit} characters over the {SmsMaxSegments}-text limit", included);
        }

        var notes = new List<string>();
        if (count.Encoding == SmsEncoding.Ucs2)
        {
            notes.Add($"{string.Join(" ", count.NonGsmCharacters)} forced Unicode: {perText} characters per text instead of 160");
        }

        if (!included)
        {
            notes.Add($"{hashtag} left off: it would need another text");
        }

        return new ChannelRendering(ChannelNames.Sms, text, count.Characters, limit, counter,
            notes.Count == 0 ? Verdict.Fits : Verdict.Warning, notes.Count == 0 ? "fits" : string.Join("; ", notes), included);
    }

    private static ChannelRendering Plain(string channel, string text, int limit, string hashtag)
    {
        var length = new StringInfo(text).LengthInTextElements;
        var counter = limit == int.MaxValue ? $"{length} characters" : $"{length}/{limit}";
        return length > limit
            ? new ChannelRendering(channel, text, length, limit, counter, Verdict.TooLong, $"{length - limit} over {limit}", Contains(text, hashtag))
            : new ChannelRendering(channel, text, length, limit, counter, Verdict.Fits, "fits", Contains(text, hashtag));
    }

    private static ChannelRendering Email(string headline, string body, RenderContext context)
    {
        var subject = $"[{context.Organisation}] {headline}";
        var plain = new StringBuilder(body).Append("\n\n").Append(context.Hashtag)
            .Append("\n\nLatest information: ").Append(context.IncidentPage).Append('\n').ToString();
        var html = new StringBuilder("<!doctype html><html lang=\"en-GB\"><body>")
            .Append("<h1>").Append(WebUtility.HtmlEncode(headline)).Append("</h1>")
            .Append(Paragraphs(body))
            .Append("<p>").Append(WebUtility.HtmlEncode(context.Hashtag)).Append("</p>")
            .Append("<p><a href=\"").Append(WebUtility.HtmlEncode(context.IncidentPage.ToString())).Append("\">Latest information</a></p>")
            .Append("</body></html>").ToString();
        var length = subject.Length;
        return new ChannelRendering(ChannelNames.Email, plain, length, EmailSubjectAdvice, $"subject {length}/{EmailSubjectAdvice}",
            length > EmailSubjectAdvice ? Verdict.Warning : Verdict.Fits,
            length > EmailSubjectAdvice ? $"the subject is {length - EmailSubjectAdvice} characters longer than most inboxes show" : "fits",
            HashtagIncluded: true)
        {
            Subject = subject,
            Html = html,
        };
    }

    /// <summary>Telegram with parse mode HTML: only &amp;, &lt; and &gt; need escaping; its limit counts the text as shown.</summary>
    private static ChannelRendering Telegram(string headline, string body, string hashtag)
    {
        var shown = Join(headline, body, hashtag);
        var html = $"<b>{TelegramEscape(headline)}</b>\n\n{TelegramEscape(body)}\n\n{TelegramEscape(hashtag)}";
        var length = shown.Length;
        var rendering = length > TelegramLimit
            ? new ChannelRendering(ChannelNames.Telegram, shown, length, TelegramLimit, $"{length}/{TelegramLimit}", Verdict.TooLong, $"{length - TelegramLimit} over {TelegramLimit}", true)
            : new ChannelRendering(ChannelNames.Telegram, shown, length, TelegramLimit, $"{length}/{TelegramLimit}", Verdict.Fits, "fits", true);
        return rendering with { Html = html };
    }

    private static ChannelRendering Web(string headline, string body, RenderContext context)
    {
        var html = new StringBuilder("<article><h2>").Append(WebUtility.HtmlEncode(headline)).Append("</h2>")
            .Append(Paragraphs(body))
            .Append("<p>").Append(WebUtility.HtmlEncode(context.Hashtag)).Append("</p></article>").ToString();
        return Plain(ChannelNames.Web, Join(headline, body, context.Hashtag), int.MaxValue, context.Hashtag) with { Subject = headline, Html = html };
    }

    private static ChannelRendering CapAlertRendering(DraftKind kind, string headline, string body, RenderContext context)
    {
        var alert = CapAlerts.For(kind, headline, body, context);
        var xml = CapWriter.Write(alert);
        // CAP's headline is meant to fit a phone's lock screen; it is not enforced by the schema.
        var length = headline.Length;
        return new ChannelRendering(ChannelNames.Cap, body, length, 160, $"headline {length}/160",
            length > 160 ? Verdict.Warning : Verdict.Fits, length > 160 ? "the headline is longer than CAP's advised 160 characters" : "fits", HashtagIncluded: false)
        {
            Subject = headline,
            CapXml = xml,
        };
    }

    private static string Join(string headline, string body, string hashtag)
    {
        var text = string.IsNullOrEmpty(headline) || body.StartsWith(headline, StringComparison.Ordinal) ? body : $"{headline}\n\n{body}";
        return Contains(text, hashtag) ? text : $"{text}\n\n{hashtag}";
    }

    private static string Paragraphs(string body) => string.Concat(
        body.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => $"<p>{WebUtility.HtmlEncode(p.Trim()).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"));

    private static string TelegramEscape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static bool Contains(string text, string hashtag) =>
        Hashtags.Extract(text).Any(h => string.Equals("#" + h.Hashtag, hashtag, StringComparison.OrdinalIgnoreCase));
}
