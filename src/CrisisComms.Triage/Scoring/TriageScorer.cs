using System.Globalization;

namespace CrisisComms.Triage.Scoring;

/// <summary>
/// The judgement of one mention: explainable rules (someone in danger, a question put to us, a threat
/// to life reported, hearsay, the author's reach, the incident hashtag) combined with the learned text
/// model. Pure and allocation-light: it runs on every mention, so it is measured in bench/.
/// </summary>
internal sealed class TriageScorer(TextModel? model, long reachThreshold = 10_000)
{
    /// <summary>Above this probability a needs-response mention is High rather than Medium.</summary>
    private const float HighConfidence = 0.85f;

    private static readonly string[] AddressedKinds = ["Reply", "Comment", "VisitorPost", "DirectMessage", "Sms", "Email"];

    public TextModel? Model => model;

    public Judgement Judge(in MentionFacts facts)
    {
        Span<int> features = stackalloc int[TextAnalysis.MaxFeatures];
        var channel = facts.Channel;
        var signals = TextAnalysis.Analyse(facts.Text, features, out var count, channel);
        features = features[..count];

        var reasons = new List<string>(4);
        float? pNeeds = model?.NeedsResponse.Probability(features);
        var modelSaysNeeds = model is not null && pNeeds >= model.NeedsResponse.ThresholdFor(channel);
        var modelSaysCritical = model is not null && ModelSaysCritical(model.Critical.Probability(features), model.Critical.ThresholdFor(channel), signals);
        var alert = string.Equals(facts.Kind, "Alert", StringComparison.OrdinalIgnoreCase);
        // Who a text is addressed to is known from where it came (a reply, a DM, an SMS to us, our
        // mentions), not from its words: "@someone why?" is usually a conversation between others.
        var addressedToUs = facts.MatchedIncident || AddressedKinds.Contains(facts.Kind, StringComparer.OrdinalIgnoreCase)
            || (facts.Source?.Contains("mentions", StringComparison.OrdinalIgnoreCase) ?? false);

        Verdict verdict;
        Priority priority;
        var lifeSafety = false;

        // Someone in danger is asking us only when it is their own message: the same words in a news
        // feed report others' danger, which officers must see at once (Critical, below) but cannot answer
        // with "call 999", and which the emergency services already know of.
        var reported = channel == MessageChannel.News;
        if (signals.Danger is not null && !alert && !reported)
        {
            reasons.Add($"life-safety words: {signals.Danger}");
            verdict = Verdict.NeedsResponse;
            priority = Priority.Critical;
            lifeSafety = true;
        }
        else
        {
            var question = signals.Question && addressedToUs;
            var asksForHelp = signals.Need is not null && signals.FirstPerson && addressedToUs;
            if (alert)
            {
                reasons.Add("official warning from a partner");
            }

            if (question && !alert)
            {
                reasons.Add("asks a question of us");
            }

            if (asksForHelp && !alert)
            {
                reasons.Add($"asks for help: {signals.Need}");
            }

            if (modelSaysNeeds && !alert)
            {
                reasons.Add(ModelReason($"reads like a request that needs an answer ({pNeeds:0.00}", facts.Text, channel, model!.NeedsResponse));
            }

            verdict = !alert && (question || asksForHelp || modelSaysNeeds) ? Verdict.NeedsResponse
                : alert || facts.MatchedIncident || model is null || model.Irrelevant.Probability(features) < model.Irrelevant.ThresholdFor(channel) ? Verdict.Informational
                : Verdict.Irrelevant;

            if (signals.Threat is not null || signals.Danger is not null || modelSaysCritical)
            {
                var words = signals.Threat ?? signals.Danger;
                reasons.Add(words is null ? ModelReason("reads like a threat to life (model", facts.Text, channel, model!.Critical) : $"threat to life reported: {words}");
                priority = Priority.Critical;
            }
            else if (verdict == Verdict.NeedsResponse)
            {
                priority = (question && facts.MatchedIncident) || pNeeds >= HighConfidence ? Priority.High : Priority.Medium;
            }
            else
            {
                priority = alert ? Priority.High : Priority.Low;
            }
        }

        if (priority != Priority.Critical && signals.Harm is not null)
        {
            reasons.Add($"harm reported: {signals.Harm}");
        }

        if (signals.Rumour is not null)
        {
            reasons.Add($"rumour: {signals.Rumour}");
        }

        if (facts.MatchedIncident)
        {
            reasons.Add("incident hashtag");
        }

        if (facts.AuthorFollowers is { } followers && followers >= reachThreshold)
        {
            reasons.Add($"author reach {Reach(followers)}");
            if (priority is Priority.Medium or Priority.Low && verdict != Verdict.Irrelevant)
            {
                priority--;
            }
        }

        if (facts.IsRepost)
        {
            reasons.Add("repost (a repeat, not a new voice)");
        }

        if (reasons.Count == 0)
        {
            reasons.Add(verdict == Verdict.Irrelevant ? "nothing about the incident or us" : "no question, no request, no danger words");
        }

        return new Judgement(verdict, priority, reasons)
        {
            LifeSafety = lifeSafety,
            Rumour = signals.Rumour is not null,
            Score = pNeeds,
        };
    }

    /// <summary>The model's reason with the words that weighed most: "reads like a request … (0.81: water, need, send)".</summary>
    private static string ModelReason(string opening, string? text, MessageChannel channel, ModelHead head)
    {
        var words = TextAnalysis.StrongestWords(text, channel, head.Weights);
        return words.Length == 0 ? opening + ")" : $"{opening}: {words})";
    }

    /// <summary>Above this the Critical model is believed on its own.</summary>
    public const float CriticalOnItsOwn = 0.5f;

    /// <summary>
    /// The Critical model's recall-minded threshold is low, so below <see cref="CriticalOnItsOwn"/> it
    /// counts only beside words of harm or need: "blocked drain" must not top the queue.
    /// </summary>
    public static bool ModelSaysCritical(float probability, float threshold, in TextSignals signals) =>
        probability >= CriticalOnItsOwn || (probability >= threshold && (signals.Harm is not null || signals.Need is not null));

    /// <summary>"120k", "1.2M": how officers say it.</summary>
    public static string Reach(long followers) => followers switch
    {
        >= 1_000_000 => (followers / 1_000_000d).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (followers / 1_000d).ToString("0", CultureInfo.InvariantCulture) + "k",
        _ => followers.ToString(CultureInfo.InvariantCulture),
    };
}
