using System.Text.RegularExpressions;
using CrisisComms.Drafting.Organisation;

namespace CrisisComms.Drafting.Risk;

internal enum RiskCheck
{
    PhoneNumber,
    EmailAddress,
    HomeAddress,
    NationalInsuranceNumber,
    BannedWord,
    Link,
}

/// <summary>What a check matched, exactly where, and whether policy warns or blocks.</summary>
internal sealed record RiskFinding(RiskCheck Check, RiskAction Action, string Match, int Index, string Message);

/// <summary>The policy a draft is checked against (from the organisation's settings).</summary>
internal sealed record RiskPolicy(
    RiskAction PersonalData,
    RiskAction BannedWords,
    RiskAction Links,
    IReadOnlyList<string> BannedWordList,
    IReadOnlyList<string> AllowedLinkDomains,
    IReadOnlyList<string> PublishedPhoneNumbers)
{
    public static RiskPolicy From(OrganisationSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.PersonalDataAction, s.BannedWordsAction, s.LinksAction, s.BannedWords, s.AllowedLinkDomains, s.PublishedPhoneNumbers);
    }
}

/// <summary>
/// Checks a message before it goes out: personal data (phone numbers, email addresses, a house number
/// with a postcode, National Insurance numbers), banned words, and links outside the allowed domains.
/// Pure and deterministic; emergency numbers (999, 112, 111, 101, 105) and the organisation's own
/// published numbers are never personal data.
/// </summary>
internal static partial class RiskChecker
{
    private static readonly HashSet<string> EmergencyNumbers = ["999", "112", "111", "101", "105", "116117"];

    public static IReadOnlyList<RiskFinding> Check(string text, RiskPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(policy);
        var findings = new List<RiskFinding>();
        var published = policy.PublishedPhoneNumbers.Select(Digits).ToHashSet();

        foreach (Match m in PhoneNumber().Matches(text))
        {
            var digits = Digits(m.Value);
            if (digits.StartsWith("44", StringComparison.Ordinal))
            {
                digits = "0" + digits[2..];
            }

            if (!published.Contains(digits) && !EmergencyNumbers.Contains(digits) && !IsFreephoneOrNational(digits))
            {
                findings.Add(new(RiskCheck.PhoneNumber, policy.PersonalData, m.Value.Trim(), m.Index, "looks like a personal phone number"));
            }
        }

        foreach (Match m in Email().Matches(text))
        {
            var domain = m.Value[(m.Value.IndexOf('@', StringComparison.Ordinal) + 1)..];
            if (!Allowed(domain, policy.AllowedLinkDomains))
            {
                findings.Add(new(RiskCheck.EmailAddress, policy.PersonalData, m.Value, m.Index, "an email address outside the organisation's domains"));
            }
        }

        foreach (Match m in HomeAddress().Matches(text))
        {
            findings.Add(new(RiskCheck.HomeAddress, policy.PersonalData, m.Value, m.Index, "a house number with a postcode identifies a home"));
        }

        foreach (Match m in NationalInsurance().Matches(text))
        {
            var prefix = m.Groups["prefix"].Value.ToUpperInvariant();
            if (prefix is not ("BG" or "GB" or "NK" or "KN" or "TN" or "NT" or "ZZ"))
            {
                findings.Add(new(RiskCheck.NationalInsuranceNumber, policy.PersonalData, m.Value, m.Index, "a National Insurance number"));
            }
        }

        foreach (var word in policy.BannedWordList.Where(w => !string.IsNullOrWhiteSpace(w)))
        {
            foreach (Match m in Regex.Matches(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word.Trim())}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                findings.Add(new(RiskCheck.BannedWord, policy.BannedWords, m.Value, m.Index, $"'{word.Trim()}' is on the banned words list"));
            }
        }

        foreach (Match m in Link().Matches(text))
        {
            if (Uri.TryCreate(m.Value.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? m.Value : "https://" + m.Value, UriKind.Absolute, out var uri)
                && !Allowed(uri.IdnHost, policy.AllowedLinkDomains))
            {
                findings.Add(new(RiskCheck.Link, policy.Links, m.Value, m.Index, $"{uri.IdnHost} is not on the allowed domains list"));
            }
        }

        return findings.OrderBy(f => f.Index).ToList();
    }

    public static bool Blocks(IEnumerable<RiskFinding> findings) => findings.Any(f => f.Action == RiskAction.Block);

    private static bool Allowed(string host, IReadOnlyList<string> domains) =>
        domains.Any(d => host.Equals(d, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));

    // 0800/0808 freephone and 03 national-rate numbers are organisations' lines, not people's.
    private static bool IsFreephoneOrNational(string digits) =>
        digits.StartsWith("0800", StringComparison.Ordinal) || digits.StartsWith("0808", StringComparison.Ordinal) || digits.StartsWith('3') || digits.StartsWith("03", StringComparison.Ordinal);

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    [GeneratedRegex(@"(?<![\d+])(?:\+44\s?\(?0?\)?\s?|\(?0)(?:\d[\s-]?){9,10}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // "14 Riverside Walk, Exeter EX4 3AB": a house number, words, then a full postcode.
    [GeneratedRegex(@"\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Za-z'’-]+\s+){1,5}?,?\s*(?:[A-Za-z'’-]+,?\s+){0,3}[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex HomeAddress();

    [GeneratedRegex(@"\b(?<prefix>[A-CEGHJ-PR-TW-Za-ceghj-pr-tw-z][A-CEGHJ-NPR-TW-Za-ceghj-npr-tw-z])\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-Da-d]\b", RegexOptions.CultureInvariant)]
    private static partial Regex NationalInsurance();

    [GeneratedRegex(@"(?<![@\w.-])(?:https?://[^\s<>""]+|(?:[a-z0-9-]+\.)+(?:uk|com|org|net|gov|info|io|co|me|ly|gl|app|dev)(?:/[^\s<>""]*)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
