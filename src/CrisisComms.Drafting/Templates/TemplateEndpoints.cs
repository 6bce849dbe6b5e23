using CrisisComms.Contracts.Publishing;
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

namespace CrisisComms.Drafting.Templates;

internal sealed record TemplateView(string Key, int Version, string Name, string Headline, string Body, IReadOnlyList<string> DefaultChannels, IReadOnlyList<string> Placeholders, string EditedBy, DateTimeOffset EditedAt, bool Current)
{
    public static TemplateView From(Template t) => new(
        t.Key, t.Version, t.Name, t.Headline, t.Body, t.DefaultChannels, TemplateText.Placeholders(t.Headline + "\n" + t.Body), t.EditedBy, t.EditedAt, t.IsCurrent);
}

internal sealed record EditTemplateRequest(string? Name, string? Headline, string? Body, IReadOnlyList<string>? DefaultChannels, string? Reason);

internal sealed record RenderTemplateRequest(Guid? IncidentId, Dictionary<string, string>? Values);

internal sealed record RenderedTemplate(string Key, int Version, string Headline, string Body, IReadOnlyList<string> Missing);

internal static class TemplateEndpoints
{
    public static void MapTemplates(this IEndpointRouteBuilder app)
    {
        var templates = app.MapGroup("/api/v1/templates").WithTags("Templates").RequireAuthorization(Policies.Staff);
        templates.MapGet("/", ListAsync).WithName("ListTemplates");
        templates.MapGet("/{key}", GetAsync).WithName("GetTemplate").WithSummary("The current version and every earlier one.");
        templates.MapPut("/{key}", EditAsync).WithName("EditTemplate").RequireAuthorization(Policies.Admins)
            .WithSummary("Admins: a new version (or a new template); drafts keep the version they were made from.");
        templates.MapPost("/{key}/render", RenderAsync).WithName("RenderTemplate")
            .WithSummary("Fill a template for an incident; names any placeholder still to fill.");
    }

    internal static async Task<Ok<List<TemplateView>>> ListAsync(DraftingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Templates.AsNoTracking().Where(t => t.IsCurrent).OrderBy(t => t.Key).ToListAsync(cancellationToken)).Select(TemplateView.From).ToList());

    internal static async Task<Results<Ok<List<TemplateView>>, ProblemHttpResult>> GetAsync(string key, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var versions = await db.Templates.AsNoTracking().Where(t => t.Key == key).OrderByDescending(t => t.Version).ToListAsync(cancellationToken);
        return versions.Count == 0 ? ApiProblems.NotFound("Template", key) : TypedResults.Ok(versions.Select(TemplateView.From).ToList());
    }

    internal static async Task<Results<Ok<TemplateView>, ProblemHttpResult>> EditAsync(
        string key, EditTemplateRequest request, DraftingDbContext db, AuditTrail audit, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!System.Text.RegularExpressions.Regex.IsMatch(key, "^[a-z][a-z0-9-]{1,59}$"))
        {
            errors["key"] = ["is 2 to 60 lower-case letters, digits or hyphens"];
        }

        var current = await db.Templates.FirstOrDefaultAsync(t => t.Key == key && t.IsCurrent, cancellationToken);
        var name = request.Name?.Trim() ?? current?.Name;
        var headline = request.Headline?.Trim() ?? current?.Headline;
        var body = request.Body?.Trim() ?? current?.Body;
        var channels = (request.DefaultChannels ?? current?.DefaultChannels ?? []).Select(c => c.Trim().ToLowerInvariant()).Distinct().ToList();
        if (string.IsNullOrEmpty(name) || name.Length > 120)
        {
            errors["name"] = ["is required, at most 120 characters"];
        }

        if (string.IsNullOrEmpty(headline) || headline.Length > 300)
        {
            errors["headline"] = ["is required, at most 300 characters"];
        }

        if (string.IsNullOrEmpty(body) || body.Length > 20_000)
        {
            errors["body"] = ["is required, at most 20,000 characters"];
        }

        if (channels.FirstOrDefault(c => !ChannelNames.All.Contains(c)) is { } unknown)
        {
            errors["defaultChannels"] = [$"'{unknown}' is not one of {string.Join(", ", ChannelNames.All)}"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var next = new Template
        {
            Key = key,
            Version = (current?.Version ?? 0) + 1,
            Name = name!,
            Headline = headline!,
            Body = body!,
            DefaultChannels = channels,
            EditedBy = user.Name,
            EditedAt = time.GetUtcNow(),
            IsCurrent = true,
        };
        await db.InTransactionAsync(async () =>
        {
            if (current is not null)
            {
                current.IsCurrent = false;
                // The old version must stop being current before the new one is, for the unique index.
                await db.SaveChangesAsync(cancellationToken);
            }

            db.Templates.Add(next);
            await audit.RecordAsync("template.edited", "template", $"{key} v{next.Version}", null, request.Reason, new { next.Name, next.Headline, next.Body, next.DefaultChannels }, cancellationToken);
            return true;
        }, cancellationToken);
        return TypedResults.Ok(TemplateView.From(next));
    }

    internal static async Task<Results<Ok<RenderedTemplate>, ProblemHttpResult>> RenderAsync(
        string key, RenderTemplateRequest request, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var template = await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.IsCurrent, cancellationToken);
        if (template is null)
        {
            return ApiProblems.NotFound("Template", key);
        }

        var incident = request.IncidentId is { } id ? await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken) : null;
        if (incident is null)
        {
            return ApiProblems.Validation("incidentId", "names no incident");
        }

        var values = TemplateValues.For(incident, request.Values);
        var (headline, missingHeadline) = TemplateText.Fill(template.Headline, values);
        var (body, missingBody) = TemplateText.Fill(template.Body, values);
        return TypedResults.Ok(new RenderedTemplate(template.Key, template.Version, headline, body, missingHeadline.Concat(missingBody).Distinct().ToList()));
    }
}
