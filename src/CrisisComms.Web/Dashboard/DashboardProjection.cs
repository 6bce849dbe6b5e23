using CrisisComms.Contracts.Drafting;
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
    IConsumer<PoisonMessageDetected>,
    IConsumer<IncidentUpdated>,
    IConsumer<PostReleased>,
    IConsumer<ApprovalStalled>,
    IConsumer<UpdateDue>,
    IConsumer<ReachUpdated>,
    IConsumer<PostOutcomeUnknown>,
    IConsumer<ChannelPaused>,
    IConsumer<ChannelResumed>,
    IConsumer<PostWithdrawn>,
    IConsumer<PostWithdrawFailed>
{
    public Task Consume(ConsumeContext<IncidentOpened> context) => Once(context, async () =>
    {
        var m = context.Message;
        // An update may have overtaken the opening: then the view exists and only learns when it opened.
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken);
        if (incident is null)
        {
            db.Incidents.Add(new IncidentView
            {
                IncidentId = m.IncidentId,
                Title = m.Title,
                Hashtag = m.Hashtag,
                Severity = m.Severity,
                Status = "Open",
                OpenedAt = m.OpenedAt,
            });
        }
        else
        {
            incident.OpenedAt = m.OpenedAt;
        }

        Line(m.IncidentId, m.OpenedAt, "incident-opened", $"Incident opened: {m.Title} ({m.Hashtag}), severity {m.Severity}");
    });

    public Task Consume(ConsumeContext<IncidentClosed> context) => Once(context, async () =>
    {
        // The status change itself (and its timeline line) comes with IncidentUpdated.
        var m = context.Message;
        await db.Incidents.Where(i => i.IncidentId == m.IncidentId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ClosedAt, m.ClosedAt), context.CancellationToken);
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

    public Task Consume(ConsumeContext<IncidentUpdated> context) => Once(context, async () =>
    {
        var m = context.Message;
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken);
        if (incident is null)
        {
            incident = new IncidentView { IncidentId = m.IncidentId, Title = m.Title, Hashtag = m.Hashtag, Severity = m.Severity, Status = "Open", OpenedAt = m.ChangedAt };
            db.Incidents.Add(incident);
        }

        // Events can arrive out of order: only a newer picture replaces the one shown.
        if (incident.UpdatedAt is { } shown && shown > m.ChangedAt)
        {
            return;
        }

        if (incident.Status != m.Status)
        {
            Line(m.IncidentId, m.ChangedAt, "incident-status", $"Incident {Describe(m.Status)} by {m.ChangedBy}");
        }

        if (incident.Severity != m.Severity)
        {
            Line(m.IncidentId, m.ChangedAt, "incident-severity", $"Severity now {m.Severity}");
        }

        if (m.NextUpdateDue is { } due && incident.NextUpdateDue != due)
        {
            Line(m.IncidentId, m.ChangedAt, "next-update", $"Next update promised by {due:HH:mm} UTC");
        }

        incident.Title = m.Title;
        incident.Severity = m.Severity;
        incident.Status = m.Status;
        incident.Summary = m.Summary;
        incident.NextUpdateDue = m.NextUpdateDue;
        incident.UpdatedAt = m.ChangedAt;
    });

    public Task Consume(ConsumeContext<PostReleased> context) => Once(context, () =>
    {
        var m = context.Message;
        var how = m.BreakGlass ? $"break-glass by {m.ReleasedBy}" : m.ApprovedBy is { } approver ? $"approved by {approver}" : $"by {m.ReleasedBy}";
        Line(m.IncidentId, m.ReleasedAt, "post-released", $"{m.Kind}: \"{m.Headline}\" released to {string.Join(", ", m.Channels)} ({how})");
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<ApprovalStalled> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.StalledAt, "approval-stalled", $"\"{m.Headline}\" has waited for approval since {m.SubmittedAt:HH:mm} UTC");
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<UpdateDue> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.DueAt, "update-due", $"Update due now{(m.Note is null ? string.Empty : $": {m.Note}")}");
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<ReachUpdated> context) => Once(context, async () =>
    {
        var m = context.Message;
        var reach = await db.Reach.FirstOrDefaultAsync(r => r.PostId == m.PostId && r.Channel == m.Channel, context.CancellationToken);
        if (reach is null)
        {
            reach = new PostReach { PostId = m.PostId, Channel = m.Channel, IncidentId = m.IncidentId };
            db.Reach.Add(reach);
        }
        else if (reach.MeasuredAt > m.MeasuredAt)
        {
            return;
        }

        (reach.Impressions, reach.Engagements, reach.Shares, reach.Replies, reach.MeasuredAt) = (m.Impressions, m.Engagements, m.Shares, m.Replies, m.MeasuredAt);
    });

    public Task Consume(ConsumeContext<PostOutcomeUnknown> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.At, "post-in-doubt", $"Not known whether {m.Channel} took the post: an officer is checking ({m.Reason})", m.Channel);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PostWithdrawn> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.At, "post-withdrawn", $"Post withdrawn from {m.Channel} ({m.Detail})", m.Channel);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PostWithdrawFailed> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.At, "post-withdraw-failed", $"Could not withdraw the post from {m.Channel}: {m.Reason}", m.Channel);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<ChannelPaused> context) => Once(context, () => ChannelChangedAsync(context.Message.Channel, true, context.Message.Reason, context.Message.PausedAt, context.CancellationToken));

    public Task Consume(ConsumeContext<ChannelResumed> context) => Once(context, () => ChannelChangedAsync(context.Message.Channel, false, $"resumed by {context.Message.ResumedBy}", context.Message.ResumedAt, context.CancellationToken));

    private async Task ChannelChangedAsync(string channel, bool paused, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var state = await db.Channels.FirstOrDefaultAsync(c => c.Channel == channel, cancellationToken);
        if (state is null)
        {
            state = new ChannelState { Channel = channel };
            db.Channels.Add(state);
        }
        else if (state.ChangedAt > at)
        {
            return;
        }

        (state.Paused, state.Reason, state.ChangedAt) = (paused, reason, at);
    }

    private static string Describe(string status) => status switch
    {
        "StoodDown" => "stood down",
        "Closed" => "closed",
        _ => "reopened",
    };

    private Task Once<T>(ConsumeContext<T> context, Func<Task> apply)
        where T : class => Inbox.HandleOnceAsync(db, context, $"{nameof(DashboardProjection)}.{typeof(T).Name}", apply);

    private void Line(Guid incidentId, DateTimeOffset at, string kind, string summary, string? channel = null) =>
        db.Timeline.Add(new TimelineEntry { IncidentId = incidentId, At = at, Kind = kind, Summary = summary, Channel = channel });
}
