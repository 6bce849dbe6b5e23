using CrisisComms.Contracts.Monitoring;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Tags;

internal sealed record HashtagCheckRequest(string? Title, string? ShortName, string? Hashtag, IReadOnlyList<string>? Areas);

internal sealed record UsageView(bool Known, int Mentions, int DistinctAuthors, IReadOnlyList<string> TopAuthors, DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen, int Days)
{
    public static UsageView From(HashtagUsage? usage) => usage is null
        ? new(false, 0, 0, [], null, null, HashtagUsageClient.Days)
        : new(true, usage.Mentions, usage.DistinctAuthors, usage.TopAuthors, usage.FirstSeen, usage.LastSeen, usage.Days);
}

/// <summary>A candidate tag, judged: valid? live for another incident? in use by others? and what else to use.</summary>
internal sealed record HashtagVerdict(string Hashtag, bool Valid, IReadOnlyList<string> Problems, bool LiveForAnotherIncident, UsageView Usage, bool InUseByOthers, IReadOnlyList<string> Alternatives, string Advice);

internal sealed record IssuedHashtagResponse(string Hashtag, Guid IncidentId, string IssuedBy, DateTimeOffset IssuedAt, DateTimeOffset? RetiredAt);

internal static class HashtagEndpoints
{
    public static void MapHashtags(this IEndpointRouteBuilder app)
    {
        var tags = app.MapGroup("/api/v1/hashtags").WithTags("Hashtags").RequireAuthorization(Policies.Staff);
        tags.MapPost("/check", CheckAsync).WithName("CheckHashtag")
            .WithSummary("Before issuing: is the tag valid on X, live for another incident, or already in use by others? With alternatives.");
        tags.MapGet("/", RegisterAsync).WithName("ListIssuedHashtags").WithSummary("The register of issued tags, live and retired.");
    }

    internal static async Task<Results<Ok<HashtagVerdict>, ProblemHttpResult>> CheckAsync(
        HashtagCheckRequest request, DraftingDbContext db, HashtagUsageClient usage, IOptions<DraftingOptions> defaults, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Hashtag) && string.IsNullOrWhiteSpace(request.ShortName) && string.IsNullOrWhiteSpace(request.Title))
        {
            return Platform.Http.ApiProblems.Validation("hashtag", "give a hashtag, a short name or a title");
        }

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        var (tag, name) = Candidate(settings.HashtagPrefix, request.Hashtag, request.ShortName, request.Title);
        return TypedResults.Ok(await JudgeAsync(db, usage, settings, tag, name, request.Areas ?? [], time.GetUtcNow(), cancellationToken));
    }

    internal static async Task<Ok<List<IssuedHashtagResponse>>> RegisterAsync(DraftingDbContext db, CancellationToken cancellationToken)
    {
        var register = await db.Hashtags.AsNoTracking().OrderByDescending(h => h.IssuedAt).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(register.Select(h => new IssuedHashtagResponse(h.Tag, h.IncidentId, h.IssuedBy, h.IssuedAt, h.RetiredAt)).ToList());
    }

    /// <summary>The tag asked for, or one made from the short name, or suggested from the title.</summary>
    public static (string Tag, string Name) Candidate(string prefix, string? hashtag, string? shortName, string? title)
    {
        if (!string.IsNullOrWhiteSpace(hashtag))
        {
            var tag = hashtag.Trim();
            tag = tag.StartsWith('#') ? tag : "#" + tag;
            var name = tag.Length > prefix.Length + 1 && tag[1..].StartsWith(prefix, StringComparison.Ordinal) ? tag[(prefix.Length + 1)..] : tag[1..];
            return (tag, name);
        }

        var chosen = string.IsNullOrWhiteSpace(shortName) ? HashtagRules.SuggestName(title ?? string.Empty) : shortName.Trim();
        return (HashtagRules.Compose(prefix, chosen), chosen);
    }

    public static async Task<HashtagVerdict> JudgeAsync(
        DraftingDbContext db, HashtagUsageClient usageClient, OrganisationSettings settings, string tag, string name, IReadOnlyList<string> areas, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var problems = HashtagRules.Problems(tag, settings.HashtagPrefix);
        var normalized = HashtagRules.Normalize(tag);
        var live = await db.Hashtags.AnyAsync(h => h.Normalized == normalized && h.RetiredAt == null, cancellationToken);
        var usage = problems.Count == 0 ? await usageClient.CheckAsync(tag, cancellationToken) : null;
        var inUse = usage is not null && usage.Mentions >= settings.HashtagInUseThreshold;

        IReadOnlyList<string> alternatives = [];
        if (problems.Count > 0 || live || inUse)
        {
            var liveTags = await db.Hashtags.Where(h => h.RetiredAt == null).Select(h => h.Normalized).ToListAsync(cancellationToken);
            var cleanName = new string(name.Where(char.IsLetterOrDigit).ToArray());
            alternatives = HashtagRules.Alternatives(settings.HashtagPrefix, cleanName.Length > 0 ? cleanName : "Incident", areas, now)
                .Where(a => !liveTags.Contains(HashtagRules.Normalize(a)))
                .Take(4)
                .ToList();
        }

        var advice = problems.Count > 0 ? $"{tag} cannot be used: {string.Join("; ", problems)}."
            : live ? $"{tag} is live for another incident: pick another."
            : inUse ? $"{tag} already appeared {usage!.Mentions} times in {usage.Days} days from {usage.DistinctAuthors} accounts: others are using it. Consider an alternative."
            : usage is null ? $"{tag} is valid and free in our register; recent use is unknown (monitoring did not answer)."
            : $"{tag} is valid, free and unused recently: issue it first.";
        return new HashtagVerdict(tag, problems.Count == 0, problems, live, UsageView.From(usage), inUse, alternatives, advice);
    }
}
