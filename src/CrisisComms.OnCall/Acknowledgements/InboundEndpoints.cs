using System.Net;
using System.Text.Json;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using CrisisComms.Platform.Signatures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Acknowledgements;

internal sealed record PagerDutyIntegrationRequest(List<string>? WebhookSecrets);

internal sealed record IntegrationView(string Name, int SecretsSet, DateTimeOffset? UpdatedAt, Uri Endpoint);

/// <summary>
/// Acknowledgements coming back: PagerDuty v3 webhooks (signature checked on the raw body before
/// anything is parsed, body size bounded, replays dropped by event id) and the signed acknowledge link
/// of webhook and email pages (GET shows a confirmation page, only POST acknowledges).
/// </summary>
internal static partial class InboundEndpoints
{
    public const string PagerDutyIntegration = "pagerduty-webhook";
    public const string OpsgenieIntegration = "opsgenie-webhook";

    /// <summary>Opsgenie's webhook integration cannot sign, but sends custom headers: this one carries a shared secret.</summary>
    public const string OpsgenieTokenHeader = "X-CrisisComms-Webhook-Token";

    public static void MapInbound(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/oncall/webhooks/pagerduty", PagerDutyAsync).AllowAnonymous().DisableAntiforgery().WithTags("OnCall").WithName("PagerDutyWebhook")
            .WithSummary("PagerDuty v3 webhook subscription target (incident.acknowledged, incident.resolved), signed with X-PagerDuty-Signature.");
        app.MapPut("/api/v1/oncall/integrations/pagerduty", SetPagerDutyAsync).RequireAuthorization(Policies.Admins).WithTags("OnCall").WithName("SetPagerDutyIntegration")
            .WithSummary("Admins: the signing secret(s) of the PagerDuty webhook subscription (list new and old during a rotation). Write-only.");
        app.MapGet("/api/v1/oncall/integrations/pagerduty", GetPagerDutyAsync).RequireAuthorization(Policies.Admins).WithTags("OnCall").WithName("GetPagerDutyIntegration");
        app.MapPost("/api/v1/oncall/webhooks/opsgenie", OpsgenieAsync).AllowAnonymous().DisableAntiforgery().WithTags("OnCall").WithName("OpsgenieWebhook")
            .WithSummary("Opsgenie webhook integration target (Acknowledge, Close), authenticated by the X-CrisisComms-Webhook-Token custom header.");
        app.MapPut("/api/v1/oncall/integrations/opsgenie", SetOpsgenieAsync).RequireAuthorization(Policies.Admins).WithTags("OnCall").WithName("SetOpsgenieIntegration")
            .WithSummary("Admins: the shared token(s) Opsgenie's webhook integration sends in the X-CrisisComms-Webhook-Token header. Write-only.");
        app.MapGet("/api/v1/oncall/ack/{token}", ConfirmPageAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/api/v1/oncall/ack/{token}", AcknowledgeByLinkAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    internal static async Task<IResult> PagerDutyAsync(
        HttpContext http, OnCallDbContext db, ContactSecrets secrets, EscalationEngine engine, IOptions<OnCallOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(InboundEndpoints));
        var limit = options.Value.MaxWebhookBytes;
        if (http.Request.ContentLength > limit)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", $"A webhook body is at most {limit} bytes.");
        }

        // The raw bytes, bounded before anything is parsed: they are what PagerDuty signed.
        var body = await ReadBoundedAsync(http.Request.Body, limit, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", $"A webhook body is at most {limit} bytes.");
        }

        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Name == PagerDutyIntegration, cancellationToken);
        var keys = secrets.Unprotect(integration?.Secrets).Secrets;
        if (keys.Count == 0)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "not-configured", "No PagerDuty webhook secret is configured (PUT /api/v1/oncall/integrations/pagerduty).");
        }

        if (!PagerDutySignature.IsValid(body, http.Request.Headers[PagerDutySignature.HeaderName], keys))
        {
            LogRejected(logger, http.Connection.RemoteIpAddress?.ToString());
            return Problem(StatusCodes.Status401Unauthorized, "bad-signature", "X-PagerDuty-Signature does not match the body under any configured secret.");
        }

        string? eventId, eventType, incidentKey, agent;
        try
        {
            using var document = JsonDocument.Parse(body);
            var e = document.RootElement.GetProperty("event");
            eventId = e.TryGetProperty("id", out var id) ? id.GetString() : null;
            eventType = e.TryGetProperty("event_type", out var type) ? type.GetString() : null;
            agent = e.TryGetProperty("agent", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("summary", out var who) ? who.GetString() : null;
            incidentKey = e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("incident_key", out var key) ? key.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Problem(StatusCodes.Status400BadRequest, "validation", "The body is not a PagerDuty v3 webhook event.");
        }

        if (string.IsNullOrEmpty(eventId) || eventId.Length > 200)
        {
            return Problem(StatusCodes.Status400BadRequest, "validation", "The event has no id.");
        }

        var outcome = await db.InTransactionAsync(async () =>
        {
            if (await db.InboundEvents.AnyAsync(x => x.Source == "pagerduty" && x.EventId == eventId, cancellationToken))
            {
                return "replay ignored";
            }

            db.InboundEvents.Add(new InboundEvent { Source = "pagerduty", EventId = eventId, ReceivedAt = time.GetUtcNow() });
            var escalation = incidentKey is null ? null : await db.Escalations.FirstOrDefaultAsync(x => x.ActiveKey == incidentKey, cancellationToken);
            if (escalation is null)
            {
                return "no active escalation for it";
            }

            var by = string.IsNullOrWhiteSpace(agent) ? "PagerDuty" : agent;
            return eventType switch
            {
                "incident.acknowledged" => await engine.AcknowledgeAsync(escalation, null, by, "pagerduty", cancellationToken) ? "acknowledged" : "already acknowledged",
                "incident.resolved" => await engine.ResolveAsync(escalation, by, "resolved in PagerDuty", cancellationToken) ? "resolved" : "already resolved",
                _ => $"{eventType} noted",
            };
        }, cancellationToken);
        LogPagerDutyEvent(logger, eventId, eventType, outcome);
        return Results.Json(new { status = outcome }, statusCode: StatusCodes.Status202Accepted);
    }

    internal static async Task<IResult> OpsgenieAsync(
        HttpContext http, OnCallDbContext db, ContactSecrets secrets, EscalationEngine engine, IOptions<OnCallOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(InboundEndpoints));
        var limit = options.Value.MaxWebhookBytes;
        var body = http.Request.ContentLength > limit ? null : await ReadBoundedAsync(http.Request.Body, limit, cancellationToken);
        if (body is null)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "payload-too-large", $"A webhook body is at most {limit} bytes.");
        }

        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Name == OpsgenieIntegration, cancellationToken);
        var keys = secrets.Unprotect(integration?.Secrets).Secrets;
        if (keys.Count == 0)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "not-configured", "No Opsgenie webhook token is configured (PUT /api/v1/oncall/integrations/opsgenie).");
        }

        var given = System.Text.Encoding.UTF8.GetBytes(http.Request.Headers[OpsgenieTokenHeader].ToString());
        if (!keys.Any(k => System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(k), given)))
        {
            LogRejected(logger, http.Connection.RemoteIpAddress?.ToString());
            return Problem(StatusCodes.Status401Unauthorized, "bad-token", $"{OpsgenieTokenHeader} does not match a configured token.");
        }

        string? action, alias, user;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            action = root.TryGetProperty("action", out var a) ? a.GetString() : null;
            var alert = root.GetProperty("alert");
            alias = alert.TryGetProperty("alias", out var al) ? al.GetString() : null;
            user = alert.TryGetProperty("username", out var u) ? u.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Problem(StatusCodes.Status400BadRequest, "validation", "The body is not an Opsgenie webhook.");
        }

        // Opsgenie sends no event id: the same body twice is the same event.
        var eventId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body));
        var outcome = await db.InTransactionAsync(async () =>
        {
            if (await db.InboundEvents.AnyAsync(x => x.Source == "opsgenie" && x.EventId == eventId, cancellationToken))
            {
                return "replay ignored";
            }

            db.InboundEvents.Add(new InboundEvent { Source = "opsgenie", EventId = eventId, ReceivedAt = time.GetUtcNow() });
            var escalation = alias is null ? null : await db.Escalations.FirstOrDefaultAsync(x => x.ActiveKey == alias, cancellationToken);
            if (escalation is null)
            {
                return "no active escalation for it";
            }

            var by = string.IsNullOrWhiteSpace(user) ? "Opsgenie" : user;
            return action switch
            {
                "Acknowledge" => await engine.AcknowledgeAsync(escalation, null, by, "opsgenie", cancellationToken) ? "acknowledged" : "already acknowledged",
                "Close" => await engine.ResolveAsync(escalation, by, "closed in Opsgenie", cancellationToken) ? "resolved" : "already resolved",
                _ => $"{action} noted",
            };
        }, cancellationToken);
        LogOpsgenieEvent(logger, action, outcome);
        return Results.Json(new { status = outcome }, statusCode: StatusCodes.Status202Accepted);
    }

    internal static async Task<Results<Ok<IntegrationView>, ProblemHttpResult>> SetOpsgenieAsync(
        PagerDutyIntegrationRequest request, OnCallDbContext db, ContactSecrets secrets, IOptions<OnCallOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.WebhookSecrets is not { Count: >= 1 and <= 3 } given || given.Any(s => s is not { Length: >= 16 and <= 200 }))
        {
            return ApiProblems.Validation("webhookSecrets", "lists 1 to 3 tokens (16 to 200 characters) that Opsgenie sends in the X-CrisisComms-Webhook-Token header");
        }

        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Name == OpsgenieIntegration, cancellationToken);
        if (integration is null)
        {
            integration = new Integration { Name = OpsgenieIntegration };
            db.Integrations.Add(integration);
        }

        integration.Secrets = secrets.Protect(new ContactSecretValues { Secrets = [.. given] });
        integration.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new IntegrationView(OpsgenieIntegration, given.Count, integration.UpdatedAt, new Uri(options.Value.PublicBaseUrl, "api/v1/oncall/webhooks/opsgenie")));
    }

    internal static async Task<Results<Ok<IntegrationView>, ProblemHttpResult>> SetPagerDutyAsync(
        PagerDutyIntegrationRequest request, OnCallDbContext db, ContactSecrets secrets, IOptions<OnCallOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.WebhookSecrets is not { Count: >= 1 and <= 3 } given || given.Any(s => s is not { Length: >= 16 and <= 200 }))
        {
            return ApiProblems.Validation("webhookSecrets", "lists 1 to 3 signing secrets of the PagerDuty webhook subscription (16 to 200 characters), new and old during a rotation");
        }

        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Name == PagerDutyIntegration, cancellationToken);
        if (integration is null)
        {
            integration = new Integration { Name = PagerDutyIntegration };
            db.Integrations.Add(integration);
        }

        integration.Secrets = secrets.Protect(new ContactSecretValues { Secrets = [.. given] });
        integration.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new IntegrationView(PagerDutyIntegration, given.Count, integration.UpdatedAt, new Uri(options.Value.PublicBaseUrl, "api/v1/oncall/webhooks/pagerduty")));
    }

    internal static async Task<Ok<IntegrationView>> GetPagerDutyAsync(OnCallDbContext db, ContactSecrets secrets, IOptions<OnCallOptions> options, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Name == PagerDutyIntegration, cancellationToken);
        return TypedResults.Ok(new IntegrationView(PagerDutyIntegration, secrets.Unprotect(integration?.Secrets).Secrets.Count, integration?.UpdatedAt, new Uri(options.Value.PublicBaseUrl, "api/v1/oncall/webhooks/pagerduty")));
    }

    /// <summary>GET of an acknowledge link: what it is about and a button. Changes nothing (link previews fetch this).</summary>
    internal static async Task<IResult> ConfirmPageAsync(string token, AckLinks links, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var (pageId, _, problem) = links.Read(token);
        var page = problem is null ? await db.Pages.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pageId, cancellationToken) : null;
        if (page is null)
        {
            return Html(StatusCodes.Status410Gone, "Link not usable", $"<p>{Encode(problem ?? "This page no longer exists.")}</p>");
        }

        var escalation = page.EscalationId is { } id ? await db.Escalations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken) : null;
        var state = escalation is { Status: EscalationStatus.Acknowledged }
            ? $"<p>Already acknowledged by {Encode(escalation.AcknowledgedBy ?? "someone")} at {escalation.AcknowledgedAt:HH:mm} UTC.</p>"
            : escalation is { Status: EscalationStatus.Resolved } ? "<p>Already resolved.</p>" : string.Empty;
        return Html(StatusCodes.Status200OK, "Acknowledge page",
            $"<h1>Acknowledge this page?</h1><p><strong>{Encode(page.Summary)}</strong></p><p>Paged to {Encode(page.Recipient)} at {page.SentAt:HH:mm} UTC (level {page.Level}).</p>{state}" +
            "<form method=\"post\"><button type=\"submit\">Acknowledge: I am dealing with it</button></form>");
    }

    /// <summary>POST of an acknowledge link: acknowledges as the person the page went to.</summary>
    internal static async Task<IResult> AcknowledgeByLinkAsync(string token, AckLinks links, OnCallDbContext db, EscalationEngine engine, CancellationToken cancellationToken)
    {
        var (pageId, personId, problem) = links.Read(token);
        if (problem is not null)
        {
            return Html(StatusCodes.Status410Gone, "Link not usable", $"<p>{Encode(problem)}</p>");
        }

        var page = await db.Pages.FirstOrDefaultAsync(p => p.Id == pageId && p.PersonId == personId, cancellationToken);
        var escalation = page?.EscalationId is { } id ? await db.Escalations.FirstOrDefaultAsync(e => e.Id == id, cancellationToken) : null;
        if (page is null || escalation is null)
        {
            return Html(StatusCodes.Status410Gone, "Link not usable", "<p>This page no longer exists.</p>");
        }

        var effective = await db.InTransactionAsync(() => engine.AcknowledgeAsync(escalation, page.Id, page.Recipient, "link", cancellationToken), cancellationToken);
        return Html(StatusCodes.Status200OK, "Acknowledged", effective
            ? $"<h1>Acknowledged</h1><p>Thank you, {Encode(page.Recipient)}: nobody else will be paged about this.</p>"
            : $"<h1>Already acknowledged</h1><p>{Encode(escalation.AcknowledgedBy ?? "Someone")} acknowledged it{(escalation.AcknowledgedAt is { } at ? $" at {at:HH:mm} UTC" : string.Empty)}.</p>");
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Problem(int status, string type, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, type: ApiProblems.TypePrefix + type, title: detail);

    private static IResult Html(int status, string title, string content)
    {
        var html = $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">" +
            $"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{Encode(title)} · CrisisComms</title>" +
            "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}button{font-size:1.2rem;padding:.8rem 1.2rem}</style>" +
            $"</head><body>{content}</body></html>";
        return new HtmlResult(status, html);
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private sealed class HtmlResult(int status, string html) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            // The link is a credential: keep it out of caches and other sites' referrers.
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            httpContext.Response.Headers["X-Robots-Tag"] = "noindex";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pager webhook refused: bad signature or token (from {Remote})")]
    private static partial void LogRejected(ILogger logger, string? remote);

    [LoggerMessage(Level = LogLevel.Information, Message = "Opsgenie webhook ({Action}): {Outcome}")]
    private static partial void LogOpsgenieEvent(ILogger logger, string? action, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "PagerDuty event {EventId} ({EventType}): {Outcome}")]
    private static partial void LogPagerDutyEvent(ILogger logger, string eventId, string? eventType, string outcome);
}
