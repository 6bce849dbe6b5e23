namespace CrisisComms.Drafting.Rendering.TwitterText;

/// <summary>The top-level domains a URL may end with, as regex alternations.</summary>
/// <remarks>
/// Deviation: twitter-text embeds IANA's whole root zone (about 1,570 TLDs, most of them brands such
/// as .abbott or .xperia that nobody links to). This is a curated subset: every delegated country-code
/// TLD (ASCII and internationalised), the legacy generic ones, the new generic ones in common use and
/// the main internationalised ones. So "https://example.abbott" is not a URL here: it counts as its
/// characters where X counts 23. Add a TLD when real posts need it; each one also turns "word.tld",
/// typed without a space after a full stop, into a URL.
/// </remarks>
internal static class Tlds
{
    public const string Generic =
        // Legacy and sponsored
        "aero|asia|biz|cat|com|coop|edu|gov|info|int|jobs|mil|mobi|museum|name|net|org|post|pro|tel|travel|xxx|" +
        // New generic TLDs in common use
        "academy|agency|app|art|audio|bank|bar|beer|best|bet|bid|bike|bio|black|blog|blue|boutique|build|" +
        "business|buzz|cafe|camp|capital|care|careers|cash|center|charity|chat|cheap|church|city|click|" +
        "cloud|club|codes|coffee|college|community|company|computer|consulting|cool|cyou|dating|deals|" +
        "design|dev|digital|direct|directory|domains|download|earth|eco|education|email|energy|engineering|" +
        "enterprises|estate|eus|events|exchange|expert|family|farm|fashion|film|finance|financial|fit|" +
        "fitness|foundation|fun|fund|game|games|garden|gay|gift|gifts|global|gmbh|gold|golf|google|graphics|" +
        "green|group|guide|guru|health|help|host|hosting|house|how|icu|inc|industries|ink|institute|" +
        "insure|international|investments|kim|kitchen|land|law|lawyer|lgbt|life|link|live|llc|loan|lol|" +
        "london|love|ltd|luxury|management|market|marketing|mba|media|medical|men|menu|moe|money|movie|" +
        "music|network|news|ngo|ninja|nyc|one|onl|online|ooo|organic|page|paris|partners|party|photo|" +
        "photography|photos|pics|pink|pizza|place|plus|press|productions|promo|properties|pub|red|rent|" +
        "report|rest|restaurant|review|reviews|rocks|run|sale|salon|school|science|services|shop|shopping|" +
        "show|site|social|software|solar|solutions|space|store|stream|studio|style|support|systems|tax|team|" +
        "tech|technology|tips|today|tools|top|tours|town|toys|trade|training|tube|university|uno|vegas|" +
        "ventures|video|vip|vision|vote|voto|watch|website|wedding|wiki|win|wine|work|works|world|wtf|xyz|" +
        "yoga|youtube|zone|" +
        // Internationalised
        "みんな|コム|セール|ファッション|ポイント|中文网|在线|网址|网络|公司|商城|移动|我爱你|닷컴|닷넷|" +
        "онлайн|сайт|орг|ком|рус|москва|дети|شبكة|موقع|كوم|संगठन";

    public const string Country =
        "ac|ad|ae|af|ag|ai|al|am|ao|aq|ar|as|at|au|aw|ax|az|ba|bb|bd|be|bf|bg|bh|bi|bj|bm|bn|bo|br|bs|bt|" +
        "bv|bw|by|bz|ca|cc|cd|cf|cg|ch|ci|ck|cl|cm|cn|co|cr|cu|cv|cw|cx|cy|cz|de|dj|dk|dm|do|dz|ec|ee|eg|" +
        "er|es|et|eu|fi|fj|fk|fm|fo|fr|ga|gb|gd|ge|gf|gg|gh|gi|gl|gm|gn|gp|gq|gr|gs|gt|gu|gw|gy|hk|hm|hn|" +
        "hr|ht|hu|id|ie|il|im|in|io|iq|ir|is|it|je|jm|jo|jp|ke|kg|kh|ki|km|kn|kp|kr|kw|ky|kz|la|lb|lc|li|" +
        "lk|lr|ls|lt|lu|lv|ly|ma|mc|md|me|mg|mh|mk|ml|mm|mn|mo|mp|mq|mr|ms|mt|mu|mv|mw|mx|my|mz|na|nc|ne|" +
        "nf|ng|ni|nl|no|np|nr|nu|nz|om|pa|pe|pf|pg|ph|pk|pl|pm|pn|pr|ps|pt|pw|py|qa|re|ro|rs|ru|rw|sa|sb|" +
        "sc|sd|se|sg|sh|si|sj|sk|sl|sm|sn|so|sr|ss|st|su|sv|sx|sy|sz|tc|td|tf|tg|th|tj|tk|tl|tm|tn|to|tr|" +
        "tt|tv|tw|tz|ua|ug|uk|us|uy|uz|va|vc|ve|vg|vi|vn|vu|wf|ws|ye|yt|za|zm|zw|" +
        // Internationalised
        "中国|中國|香港|台湾|台灣|澳門|新加坡|한국|рф|укр|бел|бг|срб|қаз|мкд|мон|ею|ευ|ελ|հայ|გე|ישראל|" +
        "مصر|السعودية|امارات|الاردن|البحرين|المغرب|الجزائر|تونس|عمان|قطر|فلسطين|سودان|سورية|عراق|ایران|" +
        "پاکستان|مليسيا|موريتانيا|بھارت|بارت|ڀارت|भारत|भारतम्|भारोत|ভারত|ভাৰত|বাংলা|ਭਾਰਤ|ભારત|ଭାରତ|இந்தியா|" +
        "భారత్|ಭಾರತ|ഭാരതം|ලංකා|இலங்கை|சிங்கப்பூர்|ไทย|ລາວ";
}
