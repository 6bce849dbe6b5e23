using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Platform;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Messaging;
using CrisisComms.Web.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Web.Dashboard;

/// <summary>
/// Builds the dashboard's read models from every event it shows; each event is applied once (inbox).
/// </summary>
internal sealed class DashboardProjection(WebDbContext db) :
    IConsumer<IncidentOpened>,
    IConsumer<IncidentClosed>,
    IConsumer<PostPublished>,
    IConsumer<PostFailed>,
    IConsumer<MentionReceived>,
    IConsumer<ResponseNeeded>,
    IConsumer<SlaBreached>,
    IConsumer<PageSent>,
    IConsumer<PoisonMessageDetected>
{
    public Task Consume(ConsumeContext<IncidentOpened> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (await db.Incidents.AnyAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken))
        {
            return;
        }

        db.Incidents.Add(new IncidentView
        {
            IncidentId = m.IncidentId,
            Title = m.Title,
            Hashtag = m.Hashtag,
            Severity = m.Severity,
            Status = "Open",
            OpenedAt = m.OpenedAt,
        });
        Line(m.IncidentId, m.OpenedAt, "incident-opened", $"Incident opened: {m.Title} ({m.Hashtag}), severity {m.Severity}");
    });

    public Task Consume(ConsumeContext<IncidentClosed> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (await db.Incidents.FirstOrDefaultAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken) is { } incident)
        {
            incident.Status = "Closed";
            incident.ClosedAt = m.ClosedAt;
        }

        Line(m.IncidentId, m.ClosedAt, "incident-closed", $"Incident closed; {m.Hashtag} no longer watched");
    });

    public Task Consume(ConsumeContext<PostPublished> context) => Once(context, async () =>
    {
        var m = context.Message;
        // Counters change in one statement: concurrent consumers must not lose each other's increments.
        await db.Incidents.Where(i => i.IncidentId == m.IncidentId).ExecuteUpdateAsync(
            s => s
                .SetProperty(i => i.PostsPublished, i => i.PostsPublished + 1)
                .SetProperty(i => i.LastPublishedAt, i => i.LastPublishedAt == null || i.LastPublishedAt < m.PublishedAt ? m.PublishedAt : i.LastPublishedAt),
            context.CancellationToken);

        Line(m.IncidentId, m.PublishedAt, "post-published", $"Published on {m.Channel}", m.Channel);
    });

    public Task Consume(ConsumeContext<PostFailed> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.FailedAt, "post-failed", $"Could not publish on {m.Channel}: {m.Reason}", m.Channel);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<MentionReceived> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (m.IncidentId is not { } incidentId)
        {
            return;
        }

        await db.Incidents.Where(i => i.IncidentId == incidentId).ExecuteUpdateAsync(
            s => s.SetProperty(i => i.Mentions, i => i.Mentions + 1), context.CancellationToken);
    });

    public Task Consume(ConsumeContext<ResponseNeeded> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (m.IncidentId is not { } incidentId)
        {
            return;
        }

        await db.Incidents.Where(i => i.IncidentId == incidentId).ExecuteUpdateAsync(
            s => s.SetProperty(i => i.WaitingForResponse, i => i.WaitingForResponse + 1), context.CancellationToken);

        Line(incidentId, context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : DateTimeOffset.UtcNow,
            "response-needed", $"{m.Priority} question from the public queued: {string.Join("; ", m.Reasons)}");
    });

    public Task Consume(ConsumeContext<SlaBreached> context) => Once(context, () =>
    {
        var m = context.Message;
        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.BreachedAt, "sla-breached", $"{m.Priority} item waited past its deadline");
        }

        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PageSent> context) => Once(context, () =>
    {
        var m = context.Message;
        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.SentAt, "page-sent", $"Paged {m.Recipient} ({m.Reason})");
        }

        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PoisonMessageDetected> context) => Once(context, () =>
    {
        var m = context.Message;
        db.Alerts.Add(new AlertView
        {
            Id = Guid.CreateVersion7(),
            Service = m.Service,
            Queue = m.Queue,
            MessageType = m.MessageType,
            MessageId = m.MessageId,
            Error = m.Error.Length > 2000 ? m.Error[..2000] : m.Error,
            DetectedAt = m.DetectedAt,
        });
        return Task.CompletedTask;
    });

    private Task Once<T>(ConsumeContext<T> context, Func<Task> apply)
        where T : class => Inbox.HandleOnceAsync(db, context, $"{nameof(DashboardProjection)}.{typeof(T).Name}", apply);

    private void Line(Guid incidentId, DateTimeOffset at, string kind, string summary, string? channel = null) =>
        db.Timeline.Add(new TimelineEntry { IncidentId = incidentId, At = at, Kind = kind, Summary = summary, Channel = channel });
}
