using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.Incidents;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Platform;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.Platform.Messaging;
using CrisisComms.Web.Live;
using CrisisComms.Web.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Web.Dashboard;

/// <summary>
/// Builds the console's and dashboard's read models from every event they show; each event is applied
/// once (inbox). After the change commits, connected pages are told (SignalR; through Redis when
/// several web replicas run).
/// </summary>
internal sealed class DashboardProjection(WebDbContext db, LiveNotifier live) :
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
    IConsumer<PostWithdrawFailed>,
    IConsumer<SmsDeliveryUpdated>,
    IConsumer<TriageItemUpdated>,
    IConsumer<LifeSafetyDetected>,
    IConsumer<ReplySent>,
    IConsumer<ReplyFailed>,
    IConsumer<SourceHealthReported>,
    IConsumer<SourceStale>,
    IConsumer<SourceRecovered>,
    IConsumer<VolumeSpike>,
    IConsumer<PageAcknowledged>,
    IConsumer<PageDeliveryFailed>,
    IConsumer<EscalationUpdated>
{
    /// <summary>Timeline kinds partners see: what was said publicly and the incident's status — not the queue or paging.</summary>
    public static readonly IReadOnlySet<string> PartnerKinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "incident-opened", "incident-status", "incident-severity", "next-update", "update-due",
        "post-released", "post-published", "post-withdrawn",
    };

    private readonly List<TimelineEntry> _lines = [];
    private readonly HashSet<(string Area, Guid? Incident, bool Partners)> _changes = [];
    private readonly List<(Guid User, Guid Incident)> _ended = [];

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
        Changed("incidents", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<IncidentClosed> context) => Once(context, async () =>
    {
        // The status change itself (and its timeline line) comes with IncidentUpdated. Partner access
        // and unused invites end with the incident.
        var m = context.Message;
        var token = context.CancellationToken;
        await db.Incidents.Where(i => i.IncidentId == m.IncidentId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ClosedAt, m.ClosedAt), token);
        var ending = await db.PartnerAccess.Where(a => a.IncidentId == m.IncidentId && a.RevokedAt == null && a.EndedAt == null).ToListAsync(token);
        foreach (var access in ending)
        {
            access.EndedAt = m.ClosedAt;
            _ended.Add((access.UserId, access.IncidentId));
        }

        await db.Invites.Where(i => i.IncidentId == m.IncidentId && i.UsedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, m.ClosedAt).SetProperty(i => i.RevokedBy, "incident closed"), token);
        Changed("incidents", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<PostReleased> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (await db.Posts.AnyAsync(p => p.PostId == m.PostId, context.CancellationToken))
        {
            return;
        }

        db.Posts.Add(new PublishedPost
        {
            PostId = m.PostId,
            IncidentId = m.IncidentId,
            DraftId = m.DraftId,
            Kind = m.Kind,
            Headline = Cut(m.Headline, 300),
            Text = Cut(m.Text, 10000),
            Channels = string.Join(',', m.Channels),
            ReleasedBy = m.ReleasedBy,
            ApprovedBy = m.ApprovedBy,
            BreakGlass = m.BreakGlass,
            ReleasedAt = m.ReleasedAt,
        });
        var known = await db.PostChannels.Where(c => c.PostId == m.PostId).Select(c => c.Channel).ToListAsync(context.CancellationToken);
        foreach (var channel in m.Channels.Except(known, StringComparer.Ordinal))
        {
            db.PostChannels.Add(new PostChannel { PostId = m.PostId, Channel = channel, IncidentId = m.IncidentId, Status = "Pending", ChangedAt = m.ReleasedAt });
        }

        var how = m.BreakGlass ? $"break-glass by {m.ReleasedBy}" : m.ApprovedBy is { } approver ? $"approved by {approver}" : $"by {m.ReleasedBy}";
        Line(m.IncidentId, m.ReleasedAt, "post-released", $"{m.Kind}: \"{m.Headline}\" released to {string.Join(", ", m.Channels)} ({how})", postId: m.PostId);
        Changed("posts", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<PostPublished> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (!await ChannelStatusAsync(m.PostId, m.IncidentId, m.Channel, "Published", m.PublishedAt, SafeUrl(m.Url), null, context.CancellationToken))
        {
            return;
        }

        // Counters change in one statement: concurrent consumers must not lose each other's increments.
        await db.Incidents.Where(i => i.IncidentId == m.IncidentId).ExecuteUpdateAsync(
            s => s
                .SetProperty(i => i.PostsPublished, i => i.PostsPublished + 1)
                .SetProperty(i => i.LastPublishedAt, i => i.LastPublishedAt == null || i.LastPublishedAt < m.PublishedAt ? m.PublishedAt : i.LastPublishedAt),
            context.CancellationToken);
        Line(m.IncidentId, m.PublishedAt, "post-published", $"Published on {m.Channel}", m.Channel, m.PostId);
        Changed("posts", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<PostFailed> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (!await ChannelStatusAsync(m.PostId, m.IncidentId, m.Channel, "Failed", m.FailedAt, null, m.Reason, context.CancellationToken))
        {
            return;
        }

        Line(m.IncidentId, m.FailedAt, "post-failed", $"Could not publish on {m.Channel}: {m.Reason}", m.Channel, m.PostId);
        Changed("posts", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<PostOutcomeUnknown> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (!await ChannelStatusAsync(m.PostId, m.IncidentId, m.Channel, "Unknown", m.At, null, m.Reason, context.CancellationToken))
        {
            return;
        }

        Line(m.IncidentId, m.At, "post-in-doubt", $"Not known whether {m.Channel} took the post: an officer is checking ({m.Reason})", m.Channel, m.PostId);
        Changed("posts", m.IncidentId);
    });

    public Task Consume(ConsumeContext<PostWithdrawn> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (!await ChannelStatusAsync(m.PostId, m.IncidentId, m.Channel, "Withdrawn", m.At, null, m.Detail, context.CancellationToken))
        {
            return;
        }

        Line(m.IncidentId, m.At, "post-withdrawn", $"Post withdrawn from {m.Channel} ({m.Detail})", m.Channel, m.PostId);
        Changed("posts", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<PostWithdrawFailed> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.At, "post-withdraw-failed", $"Could not withdraw the post from {m.Channel}: {m.Reason}", m.Channel, m.PostId);
        Changed("posts", m.IncidentId);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<SmsDeliveryUpdated> context) => Once(context, async () =>
    {
        var m = context.Message;
        var row = await db.PostChannels.FirstOrDefaultAsync(c => c.PostId == m.PostId && c.Channel == ChannelNames.Sms, context.CancellationToken);
        if (row is not null && row.ChangedAt <= m.At)
        {
            row.Detail = $"delivered to {m.Delivered} of {m.Recipients}; {m.Failed} failed, {m.Pending} pending";
            Changed("posts", m.IncidentId);
        }
    });

    public Task Consume(ConsumeContext<MentionReceived> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (m.IncidentId is not { } incidentId)
        {
            return;
        }

        var token = context.CancellationToken;
        await db.Incidents.Where(i => i.IncidentId == incidentId).ExecuteUpdateAsync(
            s => s.SetProperty(i => i.Mentions, i => i.Mentions + 1), token);

        // One statement, so concurrent consumers (and replicas) never lose a count.
        var table = db.Model.FindEntityType(typeof(MentionVolume))!;
        var name = table.GetSchema() is { } schema ? $"\"{schema}\".\"{table.GetTableName()}\"" : $"\"{table.GetTableName()}\"";
        var minute = m.PostedAt.ToUnixTimeSeconds() / 60;
#pragma warning disable EF1003 // Only the table's own name (from the model) is put in the text; the values are parameters.
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO {name} (incident_id, minute, mentions, spike) VALUES ({{0}}, {{1}}, 1, FALSE) " +
            $"ON CONFLICT (incident_id, minute) DO UPDATE SET mentions = {name}.mentions + 1",
            [incidentId, minute],
            token);
#pragma warning restore EF1003
        Changed("volume", incidentId, partners: true);
    });

    public Task Consume(ConsumeContext<VolumeSpike> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (m.IncidentId is not { } incidentId)
        {
            return;
        }

        var minute = m.Minute.ToUnixTimeSeconds() / 60;
        var bucket = await db.Volume.FirstOrDefaultAsync(v => v.IncidentId == incidentId && v.Minute == minute, context.CancellationToken);
        if (bucket is null)
        {
            db.Volume.Add(new MentionVolume { IncidentId = incidentId, Minute = minute, Mentions = m.Count, Spike = true });
        }
        else
        {
            bucket.Spike = true;
        }

        Line(incidentId, m.Minute, "volume-spike", $"Mentions spiked: {m.Count} in a minute, {m.Ratio:0.#}× the usual {m.Baseline:0.#} ({m.Series})");
        Changed("volume", incidentId, partners: true);
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
        Changed("triage", incidentId);
    });

    public Task Consume(ConsumeContext<TriageItemUpdated> context) => Once(context, async () =>
    {
        var m = context.Message;
        var item = await db.TriageItems.FirstOrDefaultAsync(t => t.ItemId == m.ItemId, context.CancellationToken);
        if (item is null)
        {
            item = new TriageItemView { ItemId = m.ItemId, Channel = m.Channel, Status = m.Status, Judgement = m.Judgement, Priority = m.Priority, Summary = m.Summary, Reasons = string.Empty };
            db.TriageItems.Add(item);
        }
        else if (item.ChangedAt > m.ChangedAt)
        {
            // Out of order: only a newer picture replaces the one shown.
            return;
        }

        item.IncidentId = m.IncidentId;
        item.Channel = m.Channel;
        item.Status = Cut(m.Status, 40);
        item.Judgement = Cut(m.Judgement, 60);
        item.Priority = Cut(m.Priority, 20);
        item.Summary = Cut(m.Summary, 2000);
        item.ClusterSize = m.ClusterSize;
        item.Reasons = Cut(string.Join('\n', m.Reasons), 4000);
        item.AssignedTo = m.AssignedTo;
        item.Outcome = m.Outcome;
        item.Deadline = m.Deadline;
        item.ChangedAt = m.ChangedAt;
        Changed("triage", m.IncidentId, partners: m.IncidentId is not null);
    });

    public Task Consume(ConsumeContext<LifeSafetyDetected> context) => Once(context, async () =>
    {
        var m = context.Message;
        var item = await db.TriageItems.FirstOrDefaultAsync(t => t.ItemId == m.ItemId, context.CancellationToken);
        if (item is null)
        {
            db.TriageItems.Add(new TriageItemView
            {
                ItemId = m.ItemId,
                IncidentId = m.IncidentId,
                Channel = m.Channel,
                Status = "Open",
                Judgement = "needs_response",
                Priority = "Critical",
                Summary = Cut(m.Excerpt, 2000),
                ClusterSize = 1,
                Reasons = Cut(string.Join('\n', m.Reasons), 4000),
                Deadline = m.DetectedAt,
                LifeSafety = true,
            });
        }
        else
        {
            item.LifeSafety = true;
        }

        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.DetectedAt, "life-safety", $"Someone may be in danger ({m.Channel}): \"{Cut(m.Excerpt, 200)}\"", m.Channel);
        }

        Changed("triage", m.IncidentId);
    });

    public Task Consume(ConsumeContext<ReplySent> context) => Once(context, async () =>
    {
        var m = context.Message;
        var item = await db.TriageItems.FirstOrDefaultAsync(t => t.ItemId == m.ItemId, context.CancellationToken);
        if (item is not null)
        {
            item.AnsweredAt ??= m.SentAt;
            if (item.IncidentId is { } incidentId)
            {
                await LineOnceAsync(incidentId, m.SentAt, "reply-sent", $"Replied on {m.Channel} to \"{Cut(item.Summary, 120)}\"", m.Channel, context.CancellationToken);
            }
        }

        Changed("triage", item?.IncidentId, partners: item?.IncidentId is not null);
    });

    public Task Consume(ConsumeContext<ReplyFailed> context) => Once(context, async () =>
    {
        var m = context.Message;
        var incidentId = await db.TriageItems.Where(t => t.ItemId == m.ItemId).Select(t => t.IncidentId).FirstOrDefaultAsync(context.CancellationToken);
        if (incidentId is { } id)
        {
            await LineOnceAsync(id, m.FailedAt, "reply-failed", $"A reply on {m.Channel} could not be sent: {m.Reason}", m.Channel, context.CancellationToken);
        }

        Changed("triage", incidentId);
    });

    public Task Consume(ConsumeContext<SlaBreached> context) => Once(context, () =>
    {
        var m = context.Message;
        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.BreachedAt, "sla-breached", $"{m.Priority} item waited past its deadline");
        }

        Changed("triage", m.IncidentId);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PageSent> context) => Once(context, () =>
    {
        var m = context.Message;
        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.SentAt, "page-sent", $"Paged {m.Recipient} ({m.Reason})");
        }

        Changed("oncall", m.IncidentId);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PageAcknowledged> context) => Once(context, () =>
    {
        var m = context.Message;
        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.AcknowledgedAt, "page-acknowledged", $"{m.AcknowledgedBy} acknowledged the page about {m.Reason} (via {m.Via})");
        }

        Changed("oncall", m.IncidentId);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<PageDeliveryFailed> context) => Once(context, async () =>
    {
        var m = context.Message;
        if (!await db.PageFailures.AnyAsync(f => f.PageId == m.PageId, context.CancellationToken))
        {
            db.PageFailures.Add(new PageFailureView
            {
                PageId = m.PageId, Reason = Cut(m.Reason, 200), SubjectId = m.SubjectId, IncidentId = m.IncidentId,
                Target = Cut(m.Target, 200), Error = Cut(m.Error, 2000), FailedAt = m.FailedAt,
            });
        }

        if (m.IncidentId is { } incidentId)
        {
            Line(incidentId, m.FailedAt, "page-failed", $"A page about {m.Reason} could not be delivered to {m.Target}: {m.Error}");
        }

        Changed("oncall", m.IncidentId);
    });

    public Task Consume(ConsumeContext<EscalationUpdated> context) => Once(context, async () =>
    {
        var m = context.Message;
        var escalation = await db.Escalations.FirstOrDefaultAsync(e => e.EscalationId == m.EscalationId, context.CancellationToken);
        if (escalation is null)
        {
            escalation = new EscalationView { EscalationId = m.EscalationId, Reason = m.Reason, Status = m.Status };
            db.Escalations.Add(escalation);
        }
        else if (escalation.ChangedAt > m.ChangedAt)
        {
            return;
        }

        (escalation.Reason, escalation.SubjectId, escalation.IncidentId, escalation.Status, escalation.Level, escalation.WaitingOn, escalation.NextStepAt, escalation.ChangedAt) =
            (Cut(m.Reason, 200), m.SubjectId, m.IncidentId, Cut(m.Status, 20), m.Level, m.WaitingOn, m.NextStepAt, m.ChangedAt);
        Changed("oncall", m.IncidentId);
    });

    public Task Consume(ConsumeContext<SourceHealthReported> context) => Once(context, async () =>
    {
        var m = context.Message;
        var source = await SourceAsync(m.Source, m.Channel, context.CancellationToken);
        if (source.At > m.At)
        {
            return;
        }

        (source.Channel, source.State, source.LastSuccessAt, source.LagSeconds, source.ItemsPerMinute, source.ErrorsLastHour, source.LastError, source.At) =
            (m.Channel, Cut(m.State, 20), m.LastSuccessAt, m.Lag.TotalSeconds, m.ItemsPerMinute, m.ErrorsLastHour, m.LastError is null ? null : Cut(m.LastError, 2000), m.At);
        Changed("health");
    });

    public Task Consume(ConsumeContext<SourceStale> context) => Once(context, async () =>
    {
        var m = context.Message;
        var source = await SourceAsync(m.Source, m.Channel, context.CancellationToken);
        if (source.At <= m.DetectedAt)
        {
            (source.State, source.LastSuccessAt, source.LastError, source.At) = ("Stale", m.LastSuccessAt, m.LastError is null ? null : Cut(m.LastError, 2000), m.DetectedAt);
        }

        Changed("health");
    });

    public Task Consume(ConsumeContext<SourceRecovered> context) => Once(context, async () =>
    {
        var m = context.Message;
        var source = await SourceAsync(m.Source, m.Channel, context.CancellationToken);
        if (source.At <= m.RecoveredAt)
        {
            (source.State, source.LastError, source.At) = ("Healthy", null, m.RecoveredAt);
        }

        Changed("health");
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
            Error = Cut(m.Error, 2000),
            DetectedAt = m.DetectedAt,
        });
        Changed("health");
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
        Changed("incidents", m.IncidentId, partners: true);
    });

    public Task Consume(ConsumeContext<ApprovalStalled> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.StalledAt, "approval-stalled", $"\"{m.Headline}\" has waited for approval since {m.SubmittedAt:HH:mm} UTC");
        Changed("drafts", m.IncidentId);
        return Task.CompletedTask;
    });

    public Task Consume(ConsumeContext<UpdateDue> context) => Once(context, () =>
    {
        var m = context.Message;
        Line(m.IncidentId, m.DueAt, "update-due", $"Update due now{(m.Note is null ? string.Empty : $": {m.Note}")}");
        Changed("incidents", m.IncidentId, partners: true);
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
        Changed("posts", m.IncidentId, partners: true);
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

        (state.Paused, state.Reason, state.ChangedAt) = (paused, Cut(reason, 2000), at);
        Changed("health", partners: true);
    }

    /// <summary>
    /// Records a post's new state on a channel; false when it is a repeat the view already shows (the
    /// same state at the same moment, or "Published" again: a post goes out once per channel, but its
    /// event may be sent again after a publisher restarts, under a new message id the inbox cannot
    /// match). A repeat must add no timeline line and count nothing twice.
    /// </summary>
    private async Task<bool> ChannelStatusAsync(Guid postId, Guid incidentId, string channel, string status, DateTimeOffset at, string? url, string? detail, CancellationToken cancellationToken)
    {
        var row = await db.PostChannels.FirstOrDefaultAsync(c => c.PostId == postId && c.Channel == channel, cancellationToken);
        if (row is null)
        {
            row = new PostChannel { PostId = postId, Channel = channel, IncidentId = incidentId, Status = status, ChangedAt = at };
            db.PostChannels.Add(row);
        }
        else if (row.Status == status && (row.ChangedAt == at || status == "Published"))
        {
            return false;
        }
        else if (row.ChangedAt > at && row.Status != "Pending")
        {
            return true;
        }

        (row.Status, row.ChangedAt) = (status, at);
        row.Url = url ?? row.Url;
        row.Detail = detail is null ? row.Detail : Cut(detail, 2000);
        return true;
    }

    private async Task<SourceHealthView> SourceAsync(string source, string channel, CancellationToken cancellationToken)
    {
        var view = await db.Sources.FirstOrDefaultAsync(s => s.Source == source, cancellationToken);
        if (view is null)
        {
            view = new SourceHealthView { Source = Cut(source, 200), Channel = channel, State = "Healthy", At = DateTimeOffset.MinValue };
            db.Sources.Add(view);
        }

        return view;
    }

    private static string Describe(string status) => status switch
    {
        "StoodDown" => "stood down",
        "Closed" => "closed",
        _ => "reopened",
    };

    private static string Cut(string value, int max) => value.Length > max ? value[..max] : value;

    /// <summary>Only web links are shown as links.</summary>
    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? Cut(url!, 2000) : null;

    private async Task Once<T>(ConsumeContext<T> context, Func<Task> apply)
        where T : class
    {
        _lines.Clear();
        _changes.Clear();
        _ended.Clear();
        await Inbox.HandleOnceAsync(db, context, $"{nameof(DashboardProjection)}.{typeof(T).Name}", apply);

        // Committed: now tell the pages. Lines carry their ids, so a page never shows one twice.
        foreach (var group in _lines.GroupBy(l => l.IncidentId))
        {
            var posts = group.Where(l => l.PostId is not null).Select(l => l.PostId!.Value).Distinct().ToList();
            var texts = posts.Count == 0
                ? new Dictionary<Guid, string>()
                : await db.Posts.AsNoTracking().Where(p => posts.Contains(p.PostId)).ToDictionaryAsync(p => p.PostId, p => p.Text, context.CancellationToken);
            await live.TimelineAsync(group.Key, [.. group.Select(l => new LiveLine(
                l.Id, l.At, l.Kind, l.Summary, l.Channel,
                l.Kind == "post-released" && l.PostId is { } p && texts.TryGetValue(p, out var text) ? text : null,
                l.PostId is not null,
                PartnerKinds.Contains(l.Kind)))]);
        }

        foreach (var (area, incident, partners) in _changes)
        {
            await live.ChangedAsync(area, incident, partners);
        }

        foreach (var (user, incident) in _ended)
        {
            await live.RevokedAsync(user, incident);
        }
    }

    private void Changed(string area, Guid? incidentId = null, bool partners = false) => _changes.Add((area, incidentId, partners));

    /// <summary>
    /// A line for a reply's outcome, unless the same line is already there: publishing says a settled
    /// reply's outcome again (same moment, new message id) when its command is redelivered.
    /// </summary>
    private async Task LineOnceAsync(Guid incidentId, DateTimeOffset at, string kind, string summary, string channel, CancellationToken cancellationToken)
    {
        var text = Cut(summary, 2000);
        if (!await db.Timeline.AnyAsync(l => l.IncidentId == incidentId && l.At == at && l.Kind == kind && l.Channel == channel && l.Summary == text, cancellationToken))
        {
            Line(incidentId, at, kind, summary, channel);
        }
    }

    private void Line(Guid incidentId, DateTimeOffset at, string kind, string summary, string? channel = null, Guid? postId = null)
    {
        var line = new TimelineEntry { IncidentId = incidentId, At = at, Kind = kind, Summary = Cut(summary, 2000), Channel = channel, PostId = postId };
        db.Timeline.Add(line);
        _lines.Add(line);
    }
}

/// <summary>
/// One incident's opening, updates and closing are projected one at a time on a replica, so the two
/// that can both create its view never race each other there (other replicas' races end in the
/// unique key and a retry; the projection is idempotent either way). Likewise one item's reply
/// outcomes, so an outcome said twice finds its first line already written.
/// </summary>
internal sealed class DashboardProjectionDefinition : ConsumerDefinition<DashboardProjection>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<DashboardProjection> consumerConfigurator, IRegistrationContext context)
    {
        var incidents = endpointConfigurator.CreatePartitioner(8);
        consumerConfigurator.Message<IncidentOpened>(m => m.UsePartitioner(incidents, c => c.Message.IncidentId));
        consumerConfigurator.Message<IncidentUpdated>(m => m.UsePartitioner(incidents, c => c.Message.IncidentId));
        consumerConfigurator.Message<IncidentClosed>(m => m.UsePartitioner(incidents, c => c.Message.IncidentId));
        var items = endpointConfigurator.CreatePartitioner(8);
        consumerConfigurator.Message<ReplySent>(m => m.UsePartitioner(items, c => c.Message.ItemId));
        consumerConfigurator.Message<ReplyFailed>(m => m.UsePartitioner(items, c => c.Message.ItemId));
    }
}
