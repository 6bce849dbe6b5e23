using CrisisComms.OnCall.Paging;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.OnCall.Escalations;

internal sealed record PageResponse(
    Guid Id, string Reason, Guid SubjectId, Guid? IncidentId, Guid? EscalationId, int Level, Guid? PersonId, string Recipient, string Summary, string Status,
    DateTimeOffset SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy)
{
    public static PageResponse From(Page p) => new(p.Id, p.Reason, p.SubjectId, p.IncidentId, p.EscalationId, p.Level, p.PersonId, p.Recipient, p.Summary, p.Status, p.SentAt, p.DeliveredAt, p.AcknowledgedAt, p.AcknowledgedBy);
}

internal sealed record DeliveryResponse(
    Guid Id, string Purpose, Guid? PageId, Guid? EscalationId, Guid? NoticeId, string Kind, string Target, string Title, string Status, int Attempts,
    DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt, string? SandboxText)
{
    /// <summary>The text is shown for sandbox deliveries only (what would have been sent, acknowledge link included).</summary>
    public static DeliveryResponse From(Delivery d) => new(d.Id, d.Purpose, d.PageId, d.EscalationId, d.NoticeId, d.Kind, d.Target, d.Title, d.Status, d.Attempts, d.NextAttemptAt, d.LastError, d.CreatedAt, d.DeliveredAt,
        d.Kind == People.ContactKinds.Sandbox ? d.Body : null);
}

internal sealed record EscalationEventResponse(DateTimeOffset At, string Kind, int Level, string Detail);

internal sealed record EscalationResponse(
    Guid Id, string Reason, string Subject, Guid SubjectId, Guid? IncidentId, string Summary, string Severity, string Status, string Policy, int Level, int Levels, int Cycle,
    string? WaitingOn, DateTimeOffset? NextStepAt, int TriggerCount, DateTimeOffset StartedAt, DateTimeOffset LastTriggeredAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? AcknowledgedVia, DateTimeOffset? ResolvedAt, string? ResolvedBy)
{
    public static EscalationResponse From(Escalation e) => new(
        e.Id, e.Reason, e.SubjectKey, e.SubjectId, e.IncidentId, e.Summary, e.Severity, e.Status, e.PolicyName, e.Level + 1, e.Levels.Count, e.Cycle,
        e.WaitingOn, e.NextStepAt, e.TriggerCount, e.StartedAt, e.LastTriggeredAt, e.AcknowledgedAt, e.AcknowledgedBy, e.AcknowledgedVia, e.ResolvedAt, e.ResolvedBy);
}

internal sealed record EscalationDetail(EscalationResponse Escalation, IReadOnlyList<EscalationEventResponse> Steps, IReadOnlyList<PageResponse> Pages, IReadOnlyList<DeliveryResponse> Deliveries);

internal sealed record AcknowledgementResponse(Guid Id, Guid EscalationId, Guid? PageId, string By, string Via, DateTimeOffset At, bool Effective);

internal sealed record AcknowledgeRequest(string? By);

internal sealed record ResolveRequest(string? Reason);

internal static class EscalationEndpoints
{
    public static void MapEscalations(this IEndpointRouteBuilder app)
    {
        var oncall = app.MapGroup("/api/v1/oncall").WithTags("OnCall").RequireAuthorization(Policies.Staff);
        oncall.MapGet("/escalations", ListAsync).WithName("ListEscalations")
            .WithSummary("Escalations, newest first; ?status=Open|Acknowledged|Resolved|Exhausted|active, ?subjectId=, ?incidentId=.");
        oncall.MapGet("/escalations/{id:guid}", GetAsync).WithName("GetEscalation")
            .WithSummary("One escalation with every step (paged, escalated, acknowledged…), its pages and their deliveries, with times.");
        oncall.MapPost("/escalations/{id:guid}/acknowledge", AcknowledgeEscalationAsync).WithName("AcknowledgeEscalation")
            .WithSummary("Acknowledge from the console: the escalation stops and the pagers' alerts are acknowledged.");
        oncall.MapPost("/escalations/{id:guid}/resolve", ResolveAsync).WithName("ResolveEscalation")
            .WithSummary("Resolve by hand: the escalation ends and the pagers' alerts are resolved.");
        oncall.MapGet("/pages", ListPagesAsync).WithName("ListPages").WithSummary("Pages, newest first; ?status=failed for the undeliverable.");
        oncall.MapPost("/pages/{id:guid}/acknowledge", AcknowledgePageAsync).WithName("AcknowledgePage");
        oncall.MapGet("/deliveries", ListDeliveriesAsync).WithName("ListPageDeliveries")
            .WithSummary("Every call to PagerDuty, Opsgenie, a webhook, email or the sandbox, with attempts and errors; ?status=failed.");
        oncall.MapGet("/acknowledgements", ListAcknowledgementsAsync).WithName("ListAcknowledgements");
    }

    internal static async Task<Ok<List<EscalationResponse>>> ListAsync(string? status, Guid? subjectId, Guid? incidentId, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Escalations.AsNoTracking();
        if (status is "active")
        {
            query = query.Where(e => e.ActiveKey != null);
        }
        else if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(e => e.Status == status);
        }

        if (subjectId is { } s)
        {
            query = query.Where(e => e.SubjectId == s);
        }

        if (incidentId is { } i)
        {
            query = query.Where(e => e.IncidentId == i);
        }

        var list = await query.OrderByDescending(e => e.StartedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(EscalationResponse.From).ToList());
    }

    internal static async Task<Results<Ok<EscalationDetail>, ProblemHttpResult>> GetAsync(Guid id, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var escalation = await db.Escalations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (escalation is null)
        {
            return ApiProblems.NotFound("Escalation", id);
        }

        var steps = await db.EscalationEvents.AsNoTracking().Where(e => e.EscalationId == id).OrderBy(e => e.Id)
            .Select(e => new EscalationEventResponse(e.At, e.Kind, e.Level, e.Detail)).ToListAsync(cancellationToken);
        var pages = await db.Pages.AsNoTracking().Where(p => p.EscalationId == id).OrderBy(p => p.SentAt).ToListAsync(cancellationToken);
        var deliveries = await db.Deliveries.AsNoTracking().Where(d => d.EscalationId == id).OrderBy(d => d.CreatedAt).ToListAsync(cancellationToken);
        // A group's pages share one time: step and name make the order stable between reads.
        var ordered = pages.OrderBy(p => p.SentAt).ThenBy(p => p.Step).ThenBy(p => p.Recipient, StringComparer.Ordinal);
        return TypedResults.Ok(new EscalationDetail(EscalationResponse.From(escalation), steps, ordered.Select(PageResponse.From).ToList(), deliveries.Select(DeliveryResponse.From).ToList()));
    }

    internal static async Task<Results<Ok<EscalationResponse>, ProblemHttpResult>> AcknowledgeEscalationAsync(
        Guid id, AcknowledgeRequest? request, OnCallDbContext db, EscalationEngine engine, CurrentUser user, CancellationToken cancellationToken)
    {
        var escalation = await db.Escalations.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (escalation is null)
        {
            return ApiProblems.NotFound("Escalation", id);
        }

        var by = string.IsNullOrWhiteSpace(request?.By) ? user.Name : request.By.Trim();
        await db.InTransactionAsync(() => engine.AcknowledgeAsync(escalation, null, by, "console", cancellationToken), cancellationToken);
        return TypedResults.Ok(EscalationResponse.From(escalation));
    }

    internal static async Task<Results<Ok<EscalationResponse>, ProblemHttpResult>> ResolveAsync(
        Guid id, ResolveRequest? request, OnCallDbContext db, EscalationEngine engine, CurrentUser user, CancellationToken cancellationToken)
    {
        if (request?.Reason is { Length: > 500 })
        {
            return ApiProblems.Validation("reason", "is at most 500 characters");
        }

        var escalation = await db.Escalations.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (escalation is null)
        {
            return ApiProblems.NotFound("Escalation", id);
        }

        await db.InTransactionAsync(() => engine.ResolveAsync(escalation, user.Name, request?.Reason?.Trim() ?? "resolved from the console", cancellationToken), cancellationToken);
        return TypedResults.Ok(EscalationResponse.From(escalation));
    }

    internal static async Task<Ok<List<PageResponse>>> ListPagesAsync(string? status, Guid? escalationId, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Pages.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(p => p.Status == status);
        }

        if (escalationId is { } e)
        {
            query = query.Where(p => p.EscalationId == e);
        }

        var pages = await query.OrderByDescending(p => p.SentAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(pages.Select(PageResponse.From).ToList());
    }

    internal static async Task<Results<Ok<PageResponse>, ProblemHttpResult>> AcknowledgePageAsync(
        Guid id, AcknowledgeRequest request, OnCallDbContext db, EscalationEngine engine, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.By) || request.By.Length > 200)
        {
            return ApiProblems.Validation("by", "is required: who acknowledges, at most 200 characters");
        }

        var page = await db.Pages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (page is null)
        {
            return ApiProblems.NotFound("Page", id);
        }

        if (page.EscalationId is { } escalationId && await db.Escalations.FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken) is { } escalation)
        {
            await db.InTransactionAsync(() => engine.AcknowledgeAsync(escalation, page.Id, request.By.Trim(), "console", cancellationToken), cancellationToken);
        }
        else if (page.AcknowledgedAt is null)
        {
            page.AcknowledgedAt = DateTimeOffset.UtcNow;
            page.AcknowledgedBy = request.By.Trim();
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Ok(PageResponse.From(page));
    }

    internal static async Task<Ok<List<DeliveryResponse>>> ListDeliveriesAsync(string? status, Guid? pageId, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Deliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            query = query.Where(d => d.Status == status);
        }

        if (pageId is { } p)
        {
            query = query.Where(d => d.PageId == p);
        }

        var list = await query.OrderByDescending(d => d.CreatedAt).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(list.Select(DeliveryResponse.From).ToList());
    }

    internal static async Task<Ok<List<AcknowledgementResponse>>> ListAcknowledgementsAsync(OnCallDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Acknowledgements.AsNoTracking().OrderByDescending(a => a.At).Take(500)
            .Select(a => new AcknowledgementResponse(a.Id, a.EscalationId, a.PageId, a.By, a.Via, a.At, a.Effective)).ToListAsync(cancellationToken));
}
