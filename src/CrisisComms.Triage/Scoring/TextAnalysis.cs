using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace CrisisComms.Triage.Scoring;

/// <summary>What the rules read off a text: the first phrase of each cue (as written), and a few shapes.</summary>
internal struct TextSignals
{
    public string? Danger;
    public string? Threat;
    public string? Harm;
    public string? Need;
    public string? Rumour;
    public bool Question;
    public bool FirstPerson;
    public bool AddressesUs;
    public int Tokens;
    public int Hashtags;
}

/// <summary>
/// Reads a text once: the rule signals and the hashed features of the learned model (words, word pairs
/// and the rule signals themselves), the same features for training and for scoring. No allocation
/// unless a cue matches (the matched phrase is kept for the reason).
/// </summary>
internal static class TextAnalysis
{
    public const int Bits = 18;
    public const int Dimension = 1 << Bits;
    public const int MaxFeatures = (4 * TextTokens.MaxTokens) + TextTokens.MaxJudgedChars + 24;

    /// <summary>Words at least this long also give their character 4-grams (misspellings, compounds, other languages).</summary>
    private const int GramWordLength = 5;

    private static readonly ulong[] QuestionWords = Hashes("how", "when", "where", "what", "why", "who", "which", "is", "are", "can", "could", "will", "would", "should", "does", "do", "did", "has", "have", "any", "anyone", "whats", "wheres", "hows", "whens");
    private static readonly ulong[] FirstPersonWords = Hashes("i", "im", "ive", "me", "my", "we", "were", "weve", "us", "our", "mine");
    private static readonly ulong[] SecondPersonWords = Hashes("you", "your", "youre", "yall", "u");
    private static readonly ulong Rt = TextTokens.HashOf("rt");

    // Not shown as the words behind a model's reason: they weigh, but tell an officer nothing.
    private static readonly FrozenSet<ulong> FunctionWords = new[]
    {
        "the", "and", "for", "are", "was", "were", "been", "have", "has", "had", "they", "them", "their", "with", "this", "that",
        "these", "those", "from", "can", "could", "will", "would", "our", "ours", "you", "your", "she", "her", "his", "him", "its", "not", "but",
        "all", "any", "who", "what", "when", "where", "how", "why", "which", "there", "here", "than", "then", "also", "very", "just", "about",
        "into", "onto", "over", "after", "before", "some", "many", "much", "more", "most", "such", "only", "out", "off", "via", "amp", "http",
        "please", "thank", "thanks", "because", "since", "still", "yet", "too", "each", "every", "other", "same", "both", "being", "does", "did", "doing",
    }.Select(TextTokens.HashOf).ToFrozenSet();

    private static readonly int FQuestion = Meta("question mark");
    private static readonly int FQuestionStart = Meta("starts as a question");
    private static readonly int FLink = Meta("has a link");
    private static readonly int FReply = Meta("starts with a handle");
    private static readonly int FRepost = Meta("retweet");
    private static readonly int FFirstPerson = Meta("first person");
    private static readonly int FYou = Meta("second person");
    private static readonly int FDanger = Meta("cue danger");
    private static readonly int FThreat = Meta("cue threat");
    private static readonly int FNeed = Meta("cue need");
    private static readonly int FHarm = Meta("cue harm");
    private static readonly int FRumour = Meta("cue rumour");
    private static readonly int FExclaim = Meta("exclamation");
    private static readonly int FEmpty = Meta("no words");
    private static readonly int[] FChannel = [Meta("channel public"), Meta("channel direct"), Meta("channel news")];

    /// <summary>Salt of the words' channel-specific copies (see <see cref="Analyse"/>).</summary>
    private const ulong ChannelSalt = 0xD12EC7;
    private static readonly int[] FLength = [Meta("length 0-3"), Meta("length 4-8"), Meta("length 9-16"), Meta("length 17-32"), Meta("length 33+")];
    private static readonly int[] FHashtags = [Meta("hashtags 0"), Meta("hashtags 1"), Meta("hashtags 2"), Meta("hashtags 3+")];

    /// <summary>Analyses <paramref name="text"/>; writes feature indices (repeats allowed: they count) and returns the signals.</summary>
    /// <param name="channel">
    /// Where it was said. What needs an answer reads differently in an SMS to us, a tweet and a news item
    /// ("we need water" is a request to us in an SMS, and a report in the news), so each word also counts
    /// once more as a feature of its channel, beside its shared feature: the model learns what the
    /// channels share and where they differ.
    /// </param>
    public static TextSignals Analyse(ReadOnlySpan<char> text, Span<int> features, out int featureCount, MessageChannel channel = MessageChannel.Public)
    {
        Span<Token> tokens = stackalloc Token[TextTokens.MaxTokens];
        var n = TextTokens.Tokenise(text, tokens);
        var signals = new TextSignals { Tokens = n };
        var f = 0;
        var judged = text.Length > TextTokens.MaxJudgedChars ? text[..TextTokens.MaxJudgedChars] : text;

        ulong previous = 0;
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            var hash = WordHash(token);
            features[f++] = Index(hash);
            features[f++] = ChannelCopy(hash, channel);
            if (token.Kind == TokenKind.Hashtag)
            {
                signals.Hashtags++;
                features[f++] = Index(token.Hash);
            }
            else if (i > 0)
            {
                features[f++] = Index(TextTokens.Combine(previous, token.Hash));
            }

            previous = token.Hash;
            if (token.Kind == TokenKind.Word && token.Length >= GramWordLength)
            {
                f += CharGrams(judged.Slice(token.Start, token.Length), features[f..]);
            }

            if (token.Kind == TokenKind.Word)
            {
                if (Contains(FirstPersonWords, token.Hash))
                {
                    signals.FirstPerson = true;
                }
                else if (Contains(SecondPersonWords, token.Hash))
                {
                    signals.AddressesUs = true;
                }
            }

            // Phrases of one to four words starting here.
            var phrase = token.Hash;
            for (var w = 1; w <= Lexicon.MaxPhraseWords && i + w - 1 < n; w++)
            {
                if (w > 1)
                {
                    var next = tokens[i + w - 1];
                    if (next.Kind is TokenKind.Link or TokenKind.Handle)
                    {
                        break;
                    }

                    phrase = TextTokens.Combine(phrase, next.Hash);
                }

                if (Lexicon.TryMatch(phrase, out var cue, out var words) && words == w)
                {
                    Note(ref signals, cue, judged, token.Start, tokens[i + w - 1].Start + tokens[i + w - 1].Length);
                }
            }
        }

        if (signals.Danger is null && HasUnspaced(judged))
        {
            foreach (var cry in Lexicon.UnspacedDanger)
            {
                if (judged.Contains(cry, StringComparison.Ordinal))
                {
                    signals.Danger = cry;
                    break;
                }
            }
        }

        signals.Question = judged.IndexOfAny('?', '？', '¿') >= 0 || judged.Contains('؟');
        var startsAsQuestion = FirstWordIsQuestion(tokens[..n]);
        if (signals.Question)
        {
            features[f++] = FQuestion;
        }

        if (startsAsQuestion)
        {
            features[f++] = FQuestionStart;
            signals.Question |= true;
        }

        if (n > 0 && tokens[0].Kind == TokenKind.Handle)
        {
            features[f++] = FReply;
            signals.AddressesUs = true;
        }

        if (n > 0 && tokens[0].Hash == Rt)
        {
            features[f++] = FRepost;
        }

        for (var i = 0; i < n; i++)
        {
            if (tokens[i].Kind == TokenKind.Link)
            {
                features[f++] = FLink;
                break;
            }
        }

        if (signals.FirstPerson)
        {
            features[f++] = FFirstPerson;
        }

        if (signals.AddressesUs)
        {
            features[f++] = FYou;
        }

        if (signals.Danger is not null)
        {
            features[f++] = FDanger;
        }

        if (signals.Threat is not null)
        {
            features[f++] = FThreat;
        }

        if (signals.Need is not null)
        {
            features[f++] = FNeed;
        }

        if (signals.Harm is not null)
        {
            features[f++] = FHarm;
        }

        if (signals.Rumour is not null)
        {
            features[f++] = FRumour;
        }

        if (judged.Contains('!'))
        {
            features[f++] = FExclaim;
        }

        if (n == 0)
        {
            features[f++] = FEmpty;
        }

        features[f++] = FChannel[(int)channel];
        features[f++] = FLength[n switch { <= 3 => 0, <= 8 => 1, <= 16 => 2, <= 32 => 3, _ => 4 }];
        features[f++] = FHashtags[Math.Min(signals.Hashtags, 3)];
        featureCount = f;
        return signals;
    }

    /// <summary>
    /// Up to <paramref name="count"/> distinct words of <paramref name="text"/> whose own features (the
    /// word, its channel's copy, a hashtag's) add most to a head's score, strongest first: what an officer
    /// can check at a glance behind "reads like a request". Word pairs and letter groups also count in
    /// the score but are not shown. Only called for the few judgements the model decides.
    /// </summary>
    public static string StrongestWords(ReadOnlySpan<char> text, MessageChannel channel, float[] weights, int count = 3)
    {
        count = Math.Clamp(count, 1, 8);
        Span<Token> tokens = stackalloc Token[TextTokens.MaxTokens];
        var n = TextTokens.Tokenise(text, tokens);
        var judged = text.Length > TextTokens.MaxJudgedChars ? text[..TextTokens.MaxJudgedChars] : text;

        // The strongest so far, strongest first; no allocation until the answer is written.
        Span<(float Weight, ulong Hash, int Start, int Length)> best = stackalloc (float, ulong, int, int)[count];
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            var token = tokens[i];
            if (token.Kind is not (TokenKind.Word or TokenKind.Hashtag) || token.Length < 3 || FunctionWords.Contains(token.Hash) || IsNumber(judged.Slice(token.Start, token.Length)))
            {
                continue;
            }

            // The features Analyse gives a word: itself, its channel's copy, and a hashtag's plain word.
            var hash = WordHash(token);
            var weight = weights[Index(hash)] + weights[ChannelCopy(hash, channel)]
                + (token.Kind == TokenKind.Hashtag ? weights[Index(token.Hash)] : 0f);
            if (weight <= 0 || Kept(best[..kept], hash))
            {
                continue; // the same word again weighs the same
            }

            // Insert in order, dropping the weakest when full.
            var at = kept;
            while (at > 0 && best[at - 1].Weight < weight)
            {
                at--;
            }

            if (at >= count)
            {
                continue;
            }

            for (var k = Math.Min(kept, count - 1); k > at; k--)
            {
                best[k] = best[k - 1];
            }

            best[at] = (weight, hash, token.Start, token.Length);
            kept = Math.Min(kept + 1, count);
        }

        if (kept == 0)
        {
            return string.Empty;
        }

        Span<char> answer = stackalloc char[count * 62];
        var length = 0;
        for (var k = 0; k < kept; k++)
        {
            if (k > 0)
            {
                answer[length++] = ',';
                answer[length++] = ' ';
            }

            foreach (var c in judged.Slice(best[k].Start, Math.Min(best[k].Length, 60)))
            {
                answer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(answer[..length]);
    }

    /// <summary>A word's own feature hash (a hashtag's is told apart from the same word unmarked).</summary>
    private static ulong WordHash(in Token token) => token.Kind == TokenKind.Hashtag ? TextTokens.Combine(token.Hash, 0x23) : token.Hash;

    /// <summary>The feature of a word's copy for one channel (see <see cref="Analyse"/>).</summary>
    private static int ChannelCopy(ulong hash, MessageChannel channel) => Index(TextTokens.Combine(hash, ChannelSalt + (ulong)channel));

    private static bool Kept(ReadOnlySpan<(float Weight, ulong Hash, int Start, int Length)> kept, ulong hash)
    {
        foreach (var k in kept)
        {
            if (k.Hash == hash)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNumber(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c) && c != '#')
            {
                return false;
            }
        }

        return true;
    }

    private static int CharGrams(ReadOnlySpan<char> word, Span<int> features)
    {
        // Rolling window of the last four folded characters, with word boundaries as spaces.
        ulong window = ' ';
        var seen = 1;
        var n = 0;
        foreach (var c in word)
        {
            var folded = TextTokens.FoldChar(c);
            if (folded is '\0' or '\'' or '’')
            {
                continue;
            }

            window = (window << 16) | folded;
            if (++seen >= 4)
            {
                features[n++] = Index(TextTokens.Combine(0x6772616D, window));
            }
        }

        window = (window << 16) | ' ';
        if (++seen >= 4)
        {
            features[n++] = Index(TextTokens.Combine(0x6772616D, window));
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(ulong hash) => (int)((hash ^ (hash >> 31)) & (Dimension - 1));

    private static void Note(ref TextSignals signals, Cue cue, ReadOnlySpan<char> text, int start, int end)
    {
        ref var slot = ref signals.Danger;
        switch (cue)
        {
            case Cue.PersonInDanger:
                slot = ref signals.Danger;
                break;
            case Cue.ThreatToLife:
                slot = ref signals.Threat;
                break;
            case Cue.HarmReported:
                slot = ref signals.Harm;
                break;
            case Cue.Need:
                slot = ref signals.Need;
                break;
            default:
                slot = ref signals.Rumour;
                break;
        }

        var phrase = Clean(text[start..end]);
        if (slot is null)
        {
            slot = phrase;
        }
        else if (cue == Cue.PersonInDanger && slot.Count(c => c == ',') < 2 && !slot.Split(", ").Contains(phrase))
        {
            // Up to three distinct danger phrases: "trapped, water rising" reads better than one.
            slot = $"{slot}, {phrase}";
        }
    }

    private static string Clean(ReadOnlySpan<char> phrase)
    {
        var text = phrase.ToString().ToLowerInvariant().Replace('\n', ' ').Replace('\r', ' ');
        return text.Length > 60 ? text[..60] : text;
    }

    private static bool FirstWordIsQuestion(ReadOnlySpan<Token> tokens)
    {
        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Handle)
            {
                continue;
            }

            return token.Kind == TokenKind.Word && Contains(QuestionWords, token.Hash);
        }

        return false;
    }

    private static bool HasUnspaced(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0E00' and <= '\u0E7F' or >= '\u3040' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF')
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Contains(ulong[] set, ulong hash)
    {
        foreach (var h in set)
        {
            if (h == hash)
            {
                return true;
            }
        }

        return false;
    }

    private static ulong[] Hashes(params string[] words) => words.Select(TextTokens.HashOf).ToArray();

    private static int Meta(string name) => Index(TextTokens.Combine(0x5EED, TextTokens.HashOf(name)));
}
