using System.Text.RegularExpressions;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Organisation;

internal sealed record OrganisationView(
    string Name,
    string HashtagPrefix,
    string CapSender,
    string PublicBaseUrl,
    ApprovalMode ApprovalMode,
    TimeSpan ApprovalStallLimit,
    IReadOnlyList<string> BreakGlassRoles,
    RiskAction PersonalDataAction,
    RiskAction BannedWordsAction,
    RiskAction LinksAction,
    IReadOnlyList<string> BannedWords,
    IReadOnlyList<string> AllowedLinkDomains,
    IReadOnlyList<string> PublishedPhoneNumbers,
    int HashtagInUseThreshold,
    bool CrisisSwitchOn,
    string? CrisisSwitchReason,
    string? CrisisSwitchBy,
    DateTimeOffset? CrisisSwitchAt)
{
    public static OrganisationView From(OrganisationSettings s) => new(
        s.Name, s.HashtagPrefix, s.CapSender, s.PublicBaseUrl, s.ApprovalMode, s.ApprovalStallLimit, s.BreakGlassRoles, s.PersonalDataAction,
        s.BannedWordsAction, s.LinksAction, s.BannedWords, s.AllowedLinkDomains, s.PublishedPhoneNumbers, s.HashtagInUseThreshold,
        s.CrisisSwitchOn, s.CrisisSwitchReason, s.CrisisSwitchBy, s.CrisisSwitchAt);
}

internal sealed record SettingsChange(
    string? Name,
    string? HashtagPrefix,
    string? CapSender,
    string? PublicBaseUrl,
    ApprovalMode? ApprovalMode,
    TimeSpan? ApprovalStallLimit,
    IReadOnlyList<string>? BreakGlassRoles,
    RiskAction? PersonalDataAction,
    RiskAction? BannedWordsAction,
    RiskAction? LinksAction,
    IReadOnlyList<string>? BannedWords,
    IReadOnlyList<string>? AllowedLinkDomains,
    IReadOnlyList<string>? PublishedPhoneNumbers,
    int? HashtagInUseThreshold,
    string? Reason);

internal static class OrganisationEndpoints
{
    public static void MapOrganisation(this IEndpointRouteBuilder app)
    {
        var organisation = app.MapGroup("/api/v1/organisation").WithTags("Organisation");
        organisation.MapGet("/settings", GetAsync).WithName("GetOrganisationSettings").RequireAuthorization(Policies.Staff);
        organisation.MapPatch("/settings", ChangeAsync).WithName("ChangeOrganisationSettings").RequireAuthorization(Policies.Admins)
            .WithSummary("Admins: prefix, approval policy, break-glass roles, risk policy (every change audited).");
    }

    internal static async Task<Ok<OrganisationView>> GetAsync(DraftingDbContext db, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken) =>
        TypedResults.Ok(OrganisationView.From(await SettingsStore.GetAsync(db, defaults, cancellationToken)));

    internal static async Task<Results<Ok<OrganisationView>, ProblemHttpResult>> ChangeAsync(
        SettingsChange change, DraftingDbContext db, AuditTrail audit, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        var errors = Validate(change);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var settings = await db.Settings.FirstOrDefaultAsync(cancellationToken) ?? SettingsStore.FromDefaults(defaults.Value);
        var before = OrganisationView.From(settings);
        settings.Name = change.Name?.Trim() ?? settings.Name;
        settings.HashtagPrefix = change.HashtagPrefix?.Trim() ?? settings.HashtagPrefix;
        settings.CapSender = change.CapSender?.Trim() ?? settings.CapSender;
        settings.PublicBaseUrl = change.PublicBaseUrl?.Trim() ?? settings.PublicBaseUrl;
        settings.ApprovalMode = change.ApprovalMode ?? settings.ApprovalMode;
        settings.ApprovalStallLimit = change.ApprovalStallLimit ?? settings.ApprovalStallLimit;
        settings.BreakGlassRoles = change.BreakGlassRoles?.ToList() ?? settings.BreakGlassRoles;
        settings.PersonalDataAction = change.PersonalDataAction ?? settings.PersonalDataAction;
        settings.BannedWordsAction = change.BannedWordsAction ?? settings.BannedWordsAction;
        settings.LinksAction = change.LinksAction ?? settings.LinksAction;
        settings.BannedWords = change.BannedWords?.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? settings.BannedWords;
        settings.AllowedLinkDomains = change.AllowedLinkDomains?.Select(d => d.Trim().ToLowerInvariant()).Where(d => d.Length > 0).Distinct().ToList() ?? settings.AllowedLinkDomains;
        settings.PublishedPhoneNumbers = change.PublishedPhoneNumbers?.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList() ?? settings.PublishedPhoneNumbers;
        settings.HashtagInUseThreshold = change.HashtagInUseThreshold ?? settings.HashtagInUseThreshold;
        await db.InTransactionAsync(async () =>
        {
            if (db.Entry(settings).State == EntityState.Detached)
            {
                db.Settings.Add(settings);
            }

            await audit.RecordAsync("settings.changed", "organisation", settings.Name, null, change.Reason, new { before, after = OrganisationView.From(settings) }, cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.Ok(OrganisationView.From(settings));
    }

    private static Dictionary<string, string[]> Validate(SettingsChange c)
    {
        var errors = new Dictionary<string, string[]>();
        if (c.Name is { } name && (name.Trim().Length < 2 || name.Length > 120))
        {
            errors["name"] = ["is 2 to 120 characters"];
        }

        if (c.HashtagPrefix is { } prefix && !Regex.IsMatch(prefix.Trim(), OrganisationSettings.PrefixPattern))
        {
            errors["hashtagPrefix"] = ["must be 2 to 10 letters or digits, starting with a letter (e.g. DCC)"];
        }

        if (c.CapSender is { } sender && !Regex.IsMatch(sender.Trim(), @"^[^\s,<&]{1,200}$"))
        {
            errors["capSender"] = ["must have no spaces, commas, < or &"];
        }

        if (c.PublicBaseUrl is { } url && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            errors["publicBaseUrl"] = ["must be an absolute http(s) address"];
        }

        if (c.ApprovalStallLimit is { } limit && (limit < TimeSpan.FromMinutes(1) || limit > TimeSpan.FromDays(1)))
        {
            errors["approvalStallLimit"] = ["is between 00:01:00 and 1.00:00:00"];
        }

        if (c.BreakGlassRoles is { } roles && roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            errors["breakGlassRoles"] = [$"'{unknown}' is not one of {string.Join(", ", Roles.All)}"];
        }

        if (c.HashtagInUseThreshold is < 1 or > 100_000)
        {
            errors["hashtagInUseThreshold"] = ["is between 1 and 100,000"];
        }

        return errors;
    }
}
