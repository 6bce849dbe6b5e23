using System.Collections.Frozen;

namespace CrisisComms.Triage.Scoring;

/// <summary>What a matched phrase says about a mention.</summary>
internal enum Cue : byte
{
    /// <summary>Someone is in danger now (trapped, drowning, can't breathe): Critical, page at once.</summary>
    PersonInDanger,

    /// <summary>A threat to life is being reported (shots fired, evacuation order): Critical to see, not always to answer.</summary>
    ThreatToLife,

    /// <summary>Harm reported after the fact (deaths, victims, damage): a reason and a model feature, not Critical by itself.</summary>
    HarmReported,

    /// <summary>Someone asks for something they lack (food, water, shelter, medicine, power).</summary>
    Need,

    /// <summary>Hearsay that may need correcting ("is it true", "I heard").</summary>
    Rumour,
}

/// <summary>
/// The phrases rules look for, English first with the misspellings seen in real emergencies, and the
/// basic cries for help in the languages most often heard in UK communities. Phrases are matched on
/// folded tokens (see <see cref="TextTokens"/>), so case, accents and apostrophes do not matter.
/// </summary>
internal static class Lexicon
{
    // Someone in danger now. Deliberately not bare "help" (donation appeals say "please help").
    private static readonly string[] PersonInDanger =
    [
        "trapped", "trappd", "traped", "trapt", "are stuck", "am stuck", "im stuck", "were stuck", "we re stuck", "stuck inside",
        "stuck on the roof", "stuck in the water", "stuck in the car", "stuck in our", "stuck in my", "cant get out", "cannot get out", "no way out",
        "on the roof", "on our roof", "on my roof", "in the attic", "drowning", "drownin", "drowing", "drownding", "drowned",
        "water rising", "water is rising", "waters rising", "water s rising", "water keeps rising", "water coming in", "water is coming in",
        "cant breathe", "cant breath", "cannot breathe", "can not breathe", "not breathing", "stopped breathing", "cnt breathe",
        "unconscious", "unconcious", "unconsious", "unconscous", "passed out", "heart attack", "bleeding", "badly hurt", "seriously injured",
        "help us", "help me", "hlp us", "save us", "save me", "send help", "need help now", "need help urgently", "need urgent help", "sos", "s o s", "mayday",
        "need rescue", "need rescuing", "needs rescue", "need to be rescued", "needs to be rescued", "need a rescue", "rescue us", "rescue me", "please rescue",
        "need evacuation", "need to be evacuated", "swept away", "washed away", "being swept", "under the rubble", "under rubble", "buried alive",
        "house is on fire", "house on fire", "flat is on fire", "building is on fire", "smoke everywhere", "fire spreading", "cant swim",
        "kill myself", "end my life", "suicidal", "want to die", "missing child", "child is missing",
        // Spanish, Portuguese, French, Italian, German, Polish, Romanian, Welsh, Filipino, Haitian Creole, Turkish.
        "atrapado", "atrapada", "atrapados", "atrapadas", "socorro", "auxilio", "nos ahogamos", "me ahogo", "ayudenos", "ayudennos", "necesitamos rescate",
        "estamos presos", "afogando", "au secours", "aidez nous", "aidez moi", "piege", "pieges", "coince", "coinces", "on se noie", "je me noie",
        "aiuto", "intrappolato", "intrappolati", "hilfe", "eingeschlossen", "ertrinke", "pomocy", "ratunku", "uwieziony", "uwiezieni", "ajutor",
        "achubwch ni", "saklolo", "tulungan niyo kami", "tulungan nyo kami", "naiipit", "nalulunod", "sekou", "ede nou", "imdat", "enkaz altinda",
        // Cyrillic, Greek, Arabic, Urdu, Hebrew, Hindi, Bengali, Punjabi.
        "помогите", "спасите", "допоможіть", "рятуйте", "βοηθεια", "النجدة", "ساعدونا", "انقذونا", "محاصرون", "محاصر", "بچاؤ", "مدد کرو",
        "הצילו", "לכודים", "बचाओ", "मदद करो", "বাঁচাও", "ਬਚਾਓ",
    ];

    // Unspaced scripts: matched as substrings of the text, not as tokens.
    private static readonly string[] PersonInDangerUnspaced = ["救命", "被困", "助けて", "閉じ込め", "살려주세요", "ช่วยด้วย"];

    // A threat to life reported (TREC-IS "Critical"): officers must see it even if nobody is asking.
    // A threat to life happening now (TREC-IS "Critical"): officers must see it even if nobody asks.
    private static readonly string[] ThreatToLife =
    [
        "shots fired", "active shooter", "gunman", "gunmen", "gunfire", "opened fire", "open fire", "hostage", "hostages", "taken hostage",
        "explosion", "explosions", "blast", "bomb threat", "suicide bomber", "terror attack", "terrorist attack", "mass casualty", "stabbing",
        "evacuation order", "evacuation orders", "mandatory evacuation", "evacuate now", "evacuate immediately", "ordered to evacuate", "evacuations ordered",
        "evacuation ordered", "under evacuation", "emergency warning", "severe flood warning", "flood warning", "tsunami warning", "tornado warning",
        "red warning", "bushfire warning", "watch and act", "emergency alert", "take shelter", "shelter in place", "lockdown", "lock down",
        "out of control", "storm surge", "landslide", "mudslide", "dam burst", "dam breach", "dam failure", "levee breach", "gas leak",
        "building collapse", "bridge collapse", "fire spreading", "wildfire approaches", "flash flood", "flash floods", "serious injuries",
    ];

    // Harm reported after the fact (deaths, victims): a reason and a model feature, not Critical by itself.
    private static readonly string[] HarmReported =
    [
        "shooting", "shootings", "shooter", "dead", "killed", "deaths", "death toll", "victims", "injured", "injuries", "wounded", "casualties",
        "fatalities", "bombing", "bombings", "bomb", "bombs", "missing people", "people missing", "evacuated", "evacuating", "evacuation", "evacuations",
        "evacuees", "evacuate", "rescue", "rescued", "rescuers", "search and rescue", "stranded", "collapsed", "destroyed", "damage",
    ];

    private static readonly string[] Need =
    [
        "need food", "need water", "no food", "no water", "need medicine", "need medical", "need shelter", "no shelter", "need blankets", "need clothes",
        "need tents", "no electricity", "no power", "need power", "need help", "we need", "i need", "please send", "send food", "send water", "need assistance",
        "need generator", "need a doctor", "need doctors", "need insulin", "no medicine", "running out", "ran out", "out of food", "out of water", "hungry", "starving",
    ];

    private static readonly string[] Rumour =
    [
        "is it true", "is this true", "is that true", "rumour", "rumours", "rumor", "rumors", "i heard", "ive heard", "heard that", "apparently", "someone said",
        "people are saying", "people saying", "fake", "hoax", "can anyone confirm", "can you confirm", "please confirm", "unconfirmed", "allegedly", "reportedly",
    ];

    private static readonly FrozenDictionary<ulong, (Cue Cue, int Words)> Phrases = Build();

    /// <summary>The longest phrase in the lexicon, in words.</summary>
    public const int MaxPhraseWords = 4;

    public static IReadOnlyList<string> UnspacedDanger => PersonInDangerUnspaced;

    /// <summary>The cue of the phrase whose folded words hash to <paramref name="hash"/>, if any.</summary>
    public static bool TryMatch(ulong hash, out Cue cue, out int words)
    {
        if (Phrases.TryGetValue(hash, out var entry))
        {
            cue = entry.Cue;
            words = entry.Words;
            return true;
        }

        cue = default;
        words = 0;
        return false;
    }

    private static FrozenDictionary<ulong, (Cue, int)> Build()
    {
        var phrases = new Dictionary<ulong, (Cue, int)>();
        void Add(IEnumerable<string> list, Cue cue)
        {
            foreach (var phrase in list)
            {
                var words = phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                if (words > MaxPhraseWords)
                {
                    throw new InvalidOperationException($"lexicon phrase '{phrase}' has more than {MaxPhraseWords} words");
                }

                // The first list to name a phrase wins (danger before threat before need).
                phrases.TryAdd(TextTokens.HashOf(phrase), (cue, words));
            }
        }

        Add(PersonInDanger, Cue.PersonInDanger);
        Add(ThreatToLife, Cue.ThreatToLife);
        Add(HarmReported, Cue.HarmReported);
        Add(Need, Cue.Need);
        Add(Rumour, Cue.Rumour);
        return phrases.ToFrozenDictionary();
    }
}
