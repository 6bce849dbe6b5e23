using CrisisComms.Contracts.Publishing;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Drafting.Posts;
using CrisisComms.Drafting.Rendering;
using CrisisComms.Drafting.Risk;
using CrisisComms.Drafting.Templates;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Drafts;

internal sealed record TemplateUse(string? Key, Dictionary<string, string>? Values);

internal sealed record CreateDraftRequest(
    Guid? IncidentId,
    DraftKind? Kind,
    string? Headline,
    string? Body,
    IReadOnlyList<string>? Channels,
    Guid? FollowsPostId,
    TemplateUse? Template,
    bool Submit = false);

internal sealed record EditDraftRequest(string? Headline, string? Body, IReadOnlyList<string>? Channels, string? Reason);

internal sealed record PreviewRequest(Guid? IncidentId, DraftKind? Kind, string? Headline, string? Body, IReadOnlyList<string>? Channels, Guid? FollowsPostId);

internal sealed record DecisionRequest(string? Reason);

internal sealed record VersionView(int Version, string Headline, string Body, IReadOnlyList<string> Channels, string EditedBy, DateTimeOffset EditedAt, string? Reason);

internal sealed record DraftView(
    Guid Id,
    Guid IncidentId,
    DraftKind Kind,
    DraftStatus Status,
    int Version,
    string Headline,
    string Body,
    IReadOnlyList<string> Channels,
    Guid? FollowsPostId,
    string? Template,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? RejectionReason,
    bool BreakGlass,
    string? BreakGlassReason,
    Guid? PostId,
    IReadOnlyList<ChannelRendering> Renderings,
    IReadOnlyList<RiskFinding> Findings,
    IReadOnlyList<PostChannelResponse> ChannelStatus,
    IReadOnlyList<VersionView> Versions);

internal sealed record PreviewView(IReadOnlyList<ChannelRendering> Renderings, IReadOnlyList<RiskFinding> Findings, bool Blocked);

internal static class DraftEndpoints
{
    public static void MapDrafts(this IEndpointRouteBuilder app)
    {
        var drafts = app.MapGroup("/api/v1/drafts").WithTags("Drafts").RequireAuthorization(Policies.Staff);
        drafts.MapPost("/", CreateAsync).WithName("CreateDraft").WithIdempotency<DraftingDbContext>()
            .WithSummary("Write once: a draft for every channel chosen, optionally from a template; with submit=true it is submitted at once.");
        drafts.MapPost("/preview", PreviewAsync).WithName("PreviewDraft")
            .WithSummary("Every channel's rendering, counter and verdict, and the risk findings, without saving anything.");
        drafts.MapGet("/", ListAsync).WithName("ListDrafts");
        drafts.MapGet("/{id:guid}", GetAsync).WithName("GetDraft");
        drafts.MapPut("/{id:guid}", EditAsync).WithName("EditDraft").WithSummary("A new version (every version is kept).");
        drafts.MapPost("/{id:guid}/submit", SubmitAsync).WithName("SubmitDraft").WithIdempotency<DraftingDbContext>()
            .WithSummary("Publishes at once when no approval is needed; otherwise waits for an approver.");
        drafts.MapPost("/{id:guid}/approve", ApproveAsync).WithName("ApproveDraft").WithIdempotency<DraftingDbContext>()
            .RequireAuthorization(Policies.Approvers).WithSummary("A second person approves, and it is published on every channel.");
        drafts.MapPost("/{id:guid}/reject", RejectAsync).WithName("RejectDraft").RequireAuthorization(Policies.Approvers)
            .WithSummary("Send back to the author with a reason.");
        drafts.MapPost("/{id:guid}/break-glass", BreakGlassAsync).WithName("BreakGlassDraft").WithIdempotency<DraftingDbContext>()
            .WithSummary("Publish without approval (allowed roles only, with a mandatory reason; logged).");
    }

    internal static async Task<Results<Created<DraftView>, ProblemHttpResult>> CreateAsync(
        CreateDraftRequest request, DraftingDbContext db, DraftWorkflow workflow, AuditTrail audit, CurrentUser user,
        IOptions<DraftingOptions> defaults, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var incident = request.IncidentId is { } incidentId ? await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken) : null;
        if (incident is null)
        {
            errors["incidentId"] = [request.IncidentId is null ? "is required" : "names no incident"];
        }
        else if (incident.Status == IncidentStatus.Closed)
        {
            return ApiProblems.Conflict("incident-closed", "The incident is closed.", $"Incident {incident.Id} was closed at {incident.ClosedAt:u}.");
        }

        var headline = request.Headline;
        var body = request.Body;
        var channels = request.Channels;
        Template? template = null;
        if (request.Template is { Key: { } key } use && incident is not null)
        {
            template = await db.Templates.AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.IsCurrent, cancellationToken);
            if (template is null)
            {
                errors["template.key"] = [$"'{key}' is not a template"];
            }
            else
            {
                var values = TemplateValues.For(incident, use.Values);
                var (filledHeadline, missingHeadline) = TemplateText.Fill(template.Headline, values);
                var (filledBody, missingBody) = TemplateText.Fill(template.Body, values);
                var missing = missingHeadline.Concat(missingBody).Distinct().ToList();
                if (missing.Count > 0)
                {
                    errors["template.values"] = [$"fill in: {string.Join(", ", missing)}"];
                }

                headline ??= filledHeadline;
                body ??= filledBody;
                channels ??= template.DefaultChannels;
            }
        }

        var kind = request.Kind ?? (request.FollowsPostId is null ? DraftKind.Initial : DraftKind.Update);
        Validate(errors, headline, body, channels, out var cleanChannels);
        if (kind != DraftKind.Initial && request.FollowsPostId is null)
        {
            errors["followsPostId"] = [$"a {kind} follows an earlier post: name it"];
        }

        if (request.FollowsPostId is { } follows && incident is not null
            && !await db.Posts.AnyAsync(p => p.Id == follows && p.IncidentId == incident.Id, cancellationToken))
        {
            errors["followsPostId"] = ["names no post of this incident"];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var draft = new Draft
        {
            Id = Guid.CreateVersion7(),
            IncidentId = incident!.Id,
            Kind = kind,
            FollowsPostId = request.FollowsPostId,
            Status = DraftStatus.Draft,
            Version = 1,
            Headline = headline!.Trim(),
            Body = body!.Trim(),
            Channels = cleanChannels,
            TemplateKey = template?.Key,
            TemplateVersion = template?.Version,
            CreatedBy = user.Id,
            CreatedByName = user.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        draft.Versions.Add(new DraftVersion
        {
            DraftId = draft.Id, Version = 1, Headline = draft.Headline, Body = draft.Body, Channels = draft.Channels,
            EditedBy = user.Id, EditedByName = user.Name, EditedAt = now,
        });

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        var refusal = await db.InTransactionAsync(async () =>
        {
            db.Drafts.Add(draft);
            await audit.RecordAsync("draft.created", "draft", draft.Id, draft.IncidentId, null,
                new { draft.Kind, draft.Headline, draft.Body, draft.Channels, template = template is null ? null : $"{template.Key} v{template.Version}" }, cancellationToken);
            return request.Submit ? await workflow.SubmitAsync(draft, ActorOf(user), settings, cancellationToken) : null;
        }, cancellationToken);
        if (refusal is not null)
        {
            // The draft is saved; only the submission was refused.
            return Refused(refusal);
        }

        return TypedResults.Created($"/api/v1/drafts/{draft.Id}", await ViewAsync(db, workflow, draft, settings, cancellationToken));
    }

    internal static async Task<Results<Ok<PreviewView>, ProblemHttpResult>> PreviewAsync(
        PreviewRequest request, DraftingDbContext db, DraftWorkflow workflow, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var incident = request.IncidentId is { } id ? await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken) : null;
        if (incident is null)
        {
            errors["incidentId"] = ["names no incident"];
        }

        Validate(errors, request.Headline, request.Body, request.Channels, out var channels);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        var context = await workflow.ContextAsync(request.FollowsPostId, incident!, settings, Guid.Empty, cancellationToken);
        var kind = request.Kind ?? (request.FollowsPostId is null ? DraftKind.Initial : DraftKind.Update);
        var renderings = DraftRenderer.Render(kind, request.Headline!, request.Body!, channels, context);
        var findings = RiskChecker.Check($"{request.Headline}\n{request.Body}", RiskPolicy.From(settings));
        return TypedResults.Ok(new PreviewView(renderings, findings, RiskChecker.Blocks(findings)));
    }

    internal static async Task<Ok<List<DraftSummary>>> ListAsync(Guid? incidentId, DraftStatus? status, DraftingDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Drafts.AsNoTracking();
        if (incidentId is { } incident)
        {
            query = query.Where(d => d.IncidentId == incident);
        }

        if (status is { } wanted)
        {
            query = query.Where(d => d.Status == wanted);
        }

        var drafts = await query.OrderByDescending(d => d.UpdatedAt).Take(500)
            .Select(d => new DraftSummary(d.Id, d.IncidentId, d.Kind, d.Status, d.Version, d.Headline, d.Channels, d.CreatedByName, d.UpdatedAt, d.SubmittedAt, d.PostId))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(drafts);
    }

    internal static async Task<Results<Ok<DraftView>, ProblemHttpResult>> GetAsync(
        Guid id, DraftingDbContext db, DraftWorkflow workflow, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        var draft = await db.Drafts.Include(d => d.Versions).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (draft is null)
        {
            return ApiProblems.NotFound("Draft", id);
        }

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, workflow, draft, settings, cancellationToken));
    }

    internal static async Task<Results<Ok<DraftView>, ProblemHttpResult>> EditAsync(
        Guid id, EditDraftRequest request, DraftingDbContext db, DraftWorkflow workflow, AuditTrail audit, CurrentUser user,
        IOptions<DraftingOptions> defaults, TimeProvider time, CancellationToken cancellationToken)
    {
        var draft = await db.Drafts.Include(d => d.Versions).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (draft is null)
        {
            return ApiProblems.NotFound("Draft", id);
        }

        if (draft.Status is not (DraftStatus.Draft or DraftStatus.Rejected))
        {
            return ApiProblems.Conflict("draft-state", "This draft cannot be edited now.", $"Draft {draft.Id} is {draft.Status}; write a follow-up instead.");
        }

        var errors = new Dictionary<string, string[]>();
        Validate(errors, request.Headline ?? draft.Headline, request.Body ?? draft.Body, request.Channels ?? draft.Channels, out var channels);
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var now = time.GetUtcNow();
        draft.Version++;
        draft.Headline = (request.Headline ?? draft.Headline).Trim();
        draft.Body = (request.Body ?? draft.Body).Trim();
        draft.Channels = channels;
        draft.Status = DraftStatus.Draft;
        draft.UpdatedAt = now;
        draft.Versions.Add(new DraftVersion
        {
            DraftId = draft.Id, Version = draft.Version, Headline = draft.Headline, Body = draft.Body, Channels = draft.Channels,
            EditedBy = user.Id, EditedByName = user.Name, EditedAt = now, Reason = request.Reason,
        });
        await db.InTransactionAsync(async () =>
        {
            await audit.RecordAsync("draft.edited", "draft", draft.Id, draft.IncidentId, request.Reason,
                new { draft.Version, draft.Headline, draft.Body, draft.Channels }, cancellationToken);
            return true;
        }, cancellationToken);
        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        return TypedResults.Ok(await ViewAsync(db, workflow, draft, settings, cancellationToken));
    }

    internal static Task<Results<Ok<DraftView>, ProblemHttpResult>> SubmitAsync(
        Guid id, DraftingDbContext db, DraftWorkflow workflow, CurrentUser user, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken) =>
        DecideAsync(id, db, workflow, defaults, (draft, settings) => workflow.SubmitAsync(draft, ActorOf(user), settings, cancellationToken), cancellationToken);

    internal static Task<Results<Ok<DraftView>, ProblemHttpResult>> ApproveAsync(
        Guid id, DraftingDbContext db, DraftWorkflow workflow, CurrentUser user, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken) =>
        DecideAsync(id, db, workflow, defaults, (draft, settings) => workflow.ApproveAsync(draft, ActorOf(user), settings, cancellationToken), cancellationToken);

    internal static async Task<Results<Ok<DraftView>, ProblemHttpResult>> RejectAsync(
        Guid id, DecisionRequest request, DraftingDbContext db, DraftWorkflow workflow, CurrentUser user, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 2000)
        {
            return ApiProblems.Validation("reason", "is required: tell the author what to change (at most 2,000 characters)");
        }

        return await DecideAsync(id, db, workflow, defaults, (draft, _) => workflow.RejectAsync(draft, ActorOf(user), request.Reason.Trim(), cancellationToken), cancellationToken);
    }

    internal static async Task<Results<Ok<DraftView>, ProblemHttpResult>> BreakGlassAsync(
        Guid id, DecisionRequest request, DraftingDbContext db, DraftWorkflow workflow, CurrentUser user, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length < 10 || request.Reason.Length > 2000)
        {
            return ApiProblems.Validation("reason", "is required: why this cannot wait for approval (10 to 2,000 characters)");
        }

        return await DecideAsync(id, db, workflow, defaults, (draft, settings) => workflow.BreakGlassAsync(draft, ActorOf(user), request.Reason.Trim(), settings, cancellationToken), cancellationToken);
    }

    private static async Task<Results<Ok<DraftView>, ProblemHttpResult>> DecideAsync(
        Guid id, DraftingDbContext db, DraftWorkflow workflow, IOptions<DraftingOptions> defaults,
        Func<Draft, OrganisationSettings, Task<WorkflowRefusal?>> decide, CancellationToken cancellationToken)
    {
        var draft = await db.Drafts.Include(d => d.Versions).FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (draft is null)
        {
            return ApiProblems.NotFound("Draft", id);
        }

        var settings = await SettingsStore.GetAsync(db, defaults, cancellationToken);
        var refusal = await db.InTransactionAsync(() => decide(draft, settings), cancellationToken);
        return refusal is not null ? Refused(refusal) : TypedResults.Ok(await ViewAsync(db, workflow, draft, settings, cancellationToken));
    }

    private static async Task<DraftView> ViewAsync(DraftingDbContext db, DraftWorkflow workflow, Draft draft, OrganisationSettings settings, CancellationToken cancellationToken)
    {
        var renderings = await workflow.RenderAsync(draft, settings, draft.PostId ?? draft.Id, cancellationToken);
        var findings = RiskChecker.Check($"{draft.Headline}\n{draft.Body}", RiskPolicy.From(settings));
        var channels = draft.PostId is { } postId
            ? await db.PostChannels.AsNoTracking().Where(c => c.PostId == postId).OrderBy(c => c.Channel)
                .Select(c => new PostChannelResponse(c.Channel, c.Status, c.ChannelPostId, c.Url, c.Error, c.UpdatedAt)).ToListAsync(cancellationToken)
            : [];
        return new DraftView(
            draft.Id, draft.IncidentId, draft.Kind, draft.Status, draft.Version, draft.Headline, draft.Body, draft.Channels, draft.FollowsPostId,
            draft.TemplateKey is null ? null : $"{draft.TemplateKey} v{draft.TemplateVersion}", draft.CreatedByName, draft.CreatedAt, draft.SubmittedAt,
            draft.DecidedByName, draft.DecidedAt, draft.RejectionReason, draft.BreakGlass, draft.BreakGlassReason, draft.PostId,
            renderings, findings, channels,
            draft.Versions.OrderBy(v => v.Version).Select(v => new VersionView(v.Version, v.Headline, v.Body, v.Channels, v.EditedByName, v.EditedAt, v.Reason)).ToList());
    }

    private static void Validate(Dictionary<string, string[]> errors, string? headline, string? body, IReadOnlyList<string>? channels, out List<string> clean)
    {
        if (string.IsNullOrWhiteSpace(headline) || headline.Length > 300)
        {
            errors["headline"] = ["is required, at most 300 characters"];
        }

        if (string.IsNullOrWhiteSpace(body) || body.Length > 20_000)
        {
            errors["body"] = ["is required, at most 20,000 characters"];
        }

        clean = (channels ?? []).Select(c => c.Trim().ToLowerInvariant()).Distinct().ToList();
        if (clean.Count == 0)
        {
            errors["channels"] = [$"name at least one of {string.Join(", ", ChannelNames.All)}"];
        }
        else if (clean.FirstOrDefault(c => !ChannelNames.All.Contains(c)) is { } unknown)
        {
            errors["channels"] = [$"'{unknown}' is not one of {string.Join(", ", ChannelNames.All)}"];
        }
    }

    private static Actor ActorOf(CurrentUser user) => new(user.Id, user.Name, user.Roles);

    private static ProblemHttpResult Refused(WorkflowRefusal refusal)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Type = ApiProblems.TypePrefix + refusal.Type,
            Title = refusal.Title,
            Detail = refusal.Detail,
            Status = refusal.Status,
        };
        if (refusal.Findings.Count > 0)
        {
            problem.Extensions["findings"] = refusal.Findings;
        }

        if (refusal.Renderings.Count > 0)
        {
            problem.Extensions["renderings"] = refusal.Renderings;
        }

        return TypedResults.Problem(problem);
    }
}

internal sealed record DraftSummary(
    Guid Id, Guid IncidentId, DraftKind Kind, DraftStatus Status, int Version, string Headline, IReadOnlyList<string> Channels, string CreatedBy, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt, Guid? PostId);
