using System.Security.Cryptography;
using System.Text;
using CrisisComms.Contracts.OnCall;
using CrisisComms.OnCall.Paging;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using CrisisComms.OnCall.Rotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Escalations;

/// <summary>What a trigger says: which subject waits, and how badly.</summary>
internal sealed record TriggerInput(string Trigger, string SubjectKey, Guid SubjectId, Guid? IncidentId, string Summary, string Severity, string Detail);

/// <summary>
/// The escalation state machine. Every method changes state through the context and adds its messages
/// to the outbox without saving: the caller's unit of work (a consumer's inbox, an endpoint's
/// transaction) commits state, pages, deliveries and timers together, or none of them.
/// </summary>
internal sealed partial class EscalationEngine(
    OnCallDbContext db,
    RotaDirectory rotas,
    IOptions<OnCallOptions> options,
    TimeProvider time,
    ILogger<EscalationEngine> logger)
{
    /// <summary>Starts an escalation for the subject, or counts the trigger on the one already active for it.</summary>
    public async Task<Escalation> TriggerAsync(TriggerInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = await db.Escalations.FirstOrDefaultAsync(e => e.ActiveKey == input.SubjectKey, cancellationToken);
        if (active is not null)
        {
            active.TriggerCount++;
            active.LastTriggeredAt = now;
            active.UpdatedAt = now;
            Record(active, "retriggered", $"{input.Trigger}: {input.Detail} (trigger {active.TriggerCount}; no new page)");
            LogRetriggered(active.Id, input.SubjectKey, active.TriggerCount);
            return active;
        }

        var policy = await PolicyForAsync(input.Trigger, cancellationToken);
        var escalation = new Escalation
        {
            Id = Guid.CreateVersion7(),
            Reason = input.Trigger,
            SubjectKey = input.SubjectKey,
            SubjectId = input.SubjectId,
            IncidentId = input.IncidentId,
            ActiveKey = input.SubjectKey,
            PolicyId = policy?.Id,
            PolicyName = policy?.Name ?? "fallback",
            Levels = policy?.Levels ?? await FallbackLevelsAsync(cancellationToken),
            RepeatTimes = policy?.RepeatTimes ?? 0,
            Summary = Truncate(input.Summary, 1000),
            Severity = input.Severity,
            Status = EscalationStatus.Open,
            StartedAt = now,
            LastTriggeredAt = now,
            UpdatedAt = now,
        };
        db.Escalations.Add(escalation);
        Record(escalation, "started", $"{input.Trigger}: {input.Detail}; policy {escalation.PolicyName}");
        if (escalation.Levels.Count == 0)
        {
            // Nobody to page at all: the console must show it rather than stay quiet.
            var fallback = options.Value.FallbackRecipient;
            var page = NewPage(escalation, null, fallback, now);
            page.Status = PageStatus.Failed;
            db.Pages.Add(page);
            db.Outbox.Publish(new PageDeliveryFailed(page.Id, escalation.Reason, escalation.SubjectId, escalation.IncidentId, fallback,
                $"no escalation policy covers '{input.Trigger}' and no person named '{fallback}' is on the on-call list", now));
            escalation.Status = EscalationStatus.Exhausted;
            Record(escalation, "exhausted", $"nobody to page: no policy for {input.Trigger} and no person '{fallback}'");
            Announce(escalation, now);
            return escalation;
        }

        await PageLevelAsync(escalation, now, cancellationToken);
        return escalation;
    }

    /// <summary>A level's timeout is over: page the next level (or repeat, or give up), unless the escalation moved on.</summary>
    public async Task StepDueAsync(Guid escalationId, int step, CancellationToken cancellationToken)
    {
        var escalation = await db.Escalations.FirstOrDefaultAsync(e => e.Id == escalationId, cancellationToken);
        if (escalation is not { Status: EscalationStatus.Open } || escalation.Step != step)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (escalation.NextStepAt is { } due && due > now + TimeSpan.FromSeconds(1))
        {
            // Early (a replica's clock behind another's): wait for the step's own time.
            db.Outbox.Schedule(new EscalationStepDue(escalation.Id, escalation.Step), due, $"{TimerKey(escalation.Id, escalation.Step)}-{now.UtcTicks}");
            return;
        }

        Record(escalation, "escalated", $"nobody acknowledged level {escalation.Level + 1} within {escalation.Levels[escalation.Level].TimeoutSeconds} s");
        escalation.Level++;
        await PageLevelAsync(escalation, now, cancellationToken);
    }

    /// <summary>Every page of the current step failed to reach anyone: move on now rather than wait out the timeout.</summary>
    public async Task StepUndeliverableAsync(Escalation escalation, CancellationToken cancellationToken)
    {
        if (escalation.Status != EscalationStatus.Open)
        {
            return;
        }

        // A tracking query returns the instances this unit of work already changed, with their new status.
        var pages = (await db.Pages.Where(p => p.EscalationId == escalation.Id && p.Step == escalation.Step).ToListAsync(cancellationToken))
            .Select(p => p.Status).ToList();
        if (pages.Count == 0 || pages.Any(s => s != PageStatus.Failed))
        {
            return;
        }

        Record(escalation, "escalated", $"no page of level {escalation.Level + 1} could be delivered");
        escalation.Level++;
        await PageLevelAsync(escalation, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>Records an acknowledgement; the first one stops the escalation and is announced. Returns whether it was the effective one.</summary>
    public async Task<bool> AcknowledgeAsync(Escalation escalation, Guid? pageId, string by, string via, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var effective = escalation.Status is EscalationStatus.Open or EscalationStatus.Exhausted;
        db.Acknowledgements.Add(new Acknowledgement { Id = Guid.CreateVersion7(), EscalationId = escalation.Id, PageId = pageId, By = Truncate(by, 200), Via = via, At = now, Effective = effective });
        if (!effective)
        {
            Record(escalation, "acknowledged-again", $"{by} via {via} (already {escalation.Status.ToLowerInvariant()})");
            return false;
        }

        escalation.Status = EscalationStatus.Acknowledged;
        escalation.AcknowledgedAt = now;
        escalation.AcknowledgedBy = Truncate(by, 200);
        escalation.AcknowledgedVia = via;
        escalation.NextStepAt = null;
        escalation.WaitingOn = null;
        escalation.Step++;
        escalation.UpdatedAt = now;

        var page = pageId is { } id
            ? await db.Pages.FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
            : await db.Pages.Where(p => p.EscalationId == escalation.Id).OrderByDescending(p => p.SentAt).FirstOrDefaultAsync(cancellationToken);
        if (page is not null && page.AcknowledgedAt is null)
        {
            page.AcknowledgedAt = now;
            page.AcknowledgedBy = escalation.AcknowledgedBy;
        }

        Record(escalation, "acknowledged", $"{by} via {via}");
        db.Outbox.Publish(new PageAcknowledged(page?.Id ?? Guid.Empty, escalation.Id, escalation.Reason, escalation.SubjectId, escalation.IncidentId, escalation.AcknowledgedBy, via, now));
        Announce(escalation, now);
        await FollowUpAsync(escalation, Purposes.Acknowledge, $"Acknowledged by {by}", cancellationToken);
        LogAcknowledged(escalation.Id, via);
        return true;
    }

    /// <summary>The subject is dealt with (item answered, source back, channel resumed, or by hand): close the escalation and the pagers' alerts.</summary>
    public async Task<bool> ResolveAsync(Escalation escalation, string by, string why, CancellationToken cancellationToken)
    {
        if (!escalation.IsActive)
        {
            return false;
        }

        var now = time.GetUtcNow();
        escalation.Status = EscalationStatus.Resolved;
        escalation.ResolvedAt = now;
        escalation.ResolvedBy = Truncate(by, 200);
        escalation.ActiveKey = null;
        escalation.NextStepAt = null;
        escalation.WaitingOn = null;
        escalation.Step++;
        escalation.UpdatedAt = now;
        Record(escalation, "resolved", $"{by}: {why}");
        Announce(escalation, now);
        await FollowUpAsync(escalation, Purposes.Resolve, $"Resolved: {why}", cancellationToken);
        return true;
    }

    /// <summary>Resolves the active escalation of a subject, if any.</summary>
    public async Task ResolveSubjectAsync(string subjectKey, string by, string why, CancellationToken cancellationToken)
    {
        if (await db.Escalations.FirstOrDefaultAsync(e => e.ActiveKey == subjectKey, cancellationToken) is { } escalation)
        {
            await ResolveAsync(escalation, by, why, cancellationToken);
        }
    }

    /// <summary>One Quartz job per step: a firing job is never replaced under its own feet, and a stale one is ignored by its step.</summary>
    public static string TimerKey(Guid escalationId, int step) => $"escalation-{escalationId:N}-{step}";

    /// <summary>A stable id for a subject known by name (a source, a channel, a volume series).</summary>
    public static Guid SubjectIdOf(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        return new Guid(hash.AsSpan(0, 16));
    }

    private async Task PageLevelAsync(Escalation escalation, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Bounded: every level of every repeat at most once in one go (all of them with nobody on call).
        for (var guard = 0; guard <= escalation.Levels.Count * (escalation.RepeatTimes + 1); guard++)
        {
            if (escalation.Level >= escalation.Levels.Count)
            {
                if (escalation.Cycle < escalation.RepeatTimes)
                {
                    escalation.Cycle++;
                    escalation.Level = 0;
                    Record(escalation, "repeated", $"policy repeated from level 1 ({escalation.Cycle} of {escalation.RepeatTimes})");
                }
                else
                {
                    Exhaust(escalation, now);
                    return;
                }
            }

            var level = escalation.Levels[escalation.Level];
            var people = await rotas.ResolveAsync(level.Targets, now, cancellationToken);
            if (people.Count == 0)
            {
                Record(escalation, "nobody-on-call", $"level {escalation.Level + 1}: nobody covers its targets now");
                escalation.Level++;
                continue;
            }

            escalation.Step++;
            var reachable = 0;
            foreach (var person in people)
            {
                reachable += SendPage(escalation, person, now) ? 1 : 0;
            }

            Record(escalation, "paged", $"level {escalation.Level + 1}: {string.Join(", ", people.Select(p => p.Name))}");
            if (reachable == 0)
            {
                Record(escalation, "escalated", $"nobody at level {escalation.Level + 1} has a way to be reached");
                escalation.Level++;
                continue;
            }

            escalation.NextStepAt = now + TimeSpan.FromSeconds(level.TimeoutSeconds);
            escalation.WaitingOn = Truncate(string.Join(", ", people.Select(p => p.Name)), 1000);
            escalation.UpdatedAt = now;
            db.Outbox.Schedule(new EscalationStepDue(escalation.Id, escalation.Step), escalation.NextStepAt.Value, TimerKey(escalation.Id, escalation.Step));
            Announce(escalation, now);
            LogPaged(escalation.Id, escalation.Level + 1, escalation.WaitingOn);
            return;
        }

        Exhaust(escalation, now);
    }

    private void Exhaust(Escalation escalation, DateTimeOffset now)
    {
        escalation.Status = EscalationStatus.Exhausted;
        escalation.NextStepAt = null;
        escalation.UpdatedAt = now;
        Record(escalation, "exhausted", "every level paged and nobody acknowledged");
        Announce(escalation, now);
        LogExhausted(escalation.Id, escalation.SubjectKey);
    }

    /// <summary>One page to one person, one delivery per contact method. False when they have no way to be reached.</summary>
    private bool SendPage(Escalation escalation, Person person, DateTimeOffset now)
    {
        var page = NewPage(escalation, person.Id, person.Name, now);
        db.Pages.Add(page);
        var methods = person.ContactMethods.OrderBy(m => m.Position).ToList();
        if (methods.Count == 0)
        {
            page.Status = PageStatus.Failed;
            db.Outbox.Publish(new PageDeliveryFailed(page.Id, escalation.Reason, escalation.SubjectId, escalation.IncidentId, person.Name, "no contact method", now));
            Record(escalation, "delivery-failed", $"{person.Name}: no contact method");
            return false;
        }

        foreach (var method in methods)
        {
            AddDelivery(Purposes.Page, escalation, page.Id, person.Id, method, $"[{escalation.Severity}] {escalation.Summary}", Describe(escalation, page), now);
        }

        return true;
    }

    /// <summary>Tells every pager that got this escalation's trigger that it is acknowledged or resolved, so their alerts stop too.</summary>
    private async Task FollowUpAsync(Escalation escalation, string purpose, string text, CancellationToken cancellationToken)
    {
        var reached = await db.Deliveries
            .Where(d => d.EscalationId == escalation.Id && d.Purpose == Purposes.Page && d.Status != DeliveryStatus.Failed
                && (d.Kind == ContactKinds.PagerDuty || d.Kind == ContactKinds.Opsgenie || d.Kind == ContactKinds.Webhook))
            .Select(d => new { d.ContactMethodId, d.PersonId, d.PageId })
            .ToListAsync(cancellationToken);
        var methodIds = reached.Select(r => r.ContactMethodId).Distinct().ToList();
        var methods = await db.ContactMethods.Where(m => methodIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var r in reached.DistinctBy(r => r.ContactMethodId))
        {
            if (methods.TryGetValue(r.ContactMethodId, out var method))
            {
                AddDelivery(purpose, escalation, r.PageId, r.PersonId, method, text, $"{text}\n{escalation.Summary}", now);
            }
        }
    }

    private void AddDelivery(string purpose, Escalation escalation, Guid? pageId, Guid personId, ContactMethod method, string title, string body, DateTimeOffset now)
    {
        var delivery = new Delivery
        {
            Id = Guid.CreateVersion7(),
            Purpose = purpose,
            PageId = pageId,
            EscalationId = escalation.Id,
            PersonId = personId,
            ContactMethodId = method.Id,
            Kind = method.Kind,
            Target = ContactDescriptions.Describe(method),
            Title = Truncate(title, 1000),
            Body = Truncate(body, 20000),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Deliveries.Add(delivery);
        db.Outbox.Publish(new DeliverPage(delivery.Id));
    }

    private static Page NewPage(Escalation escalation, Guid? personId, string recipient, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Reason = escalation.Reason,
        SubjectId = escalation.SubjectId,
        IncidentId = escalation.IncidentId,
        EscalationId = escalation.Id,
        Level = escalation.Level + 1,
        Step = escalation.Step,
        PersonId = personId,
        Recipient = Truncate(recipient, 200),
        Summary = escalation.Summary,
        SentAt = now,
    };

    private static string Describe(Escalation escalation, Page page) =>
        $"{escalation.Summary}\n\nWhy: {escalation.Reason} (severity {escalation.Severity}); escalation level {page.Level}" +
        (escalation.TriggerCount > 1 ? $", {escalation.TriggerCount} triggers" : string.Empty) +
        $"\nStarted {escalation.StartedAt:yyyy-MM-dd HH:mm} UTC. Subject {escalation.SubjectKey}.";

    private async Task<EscalationPolicy?> PolicyForAsync(string trigger, CancellationToken cancellationToken)
    {
        var routes = await db.Routes.AsNoTracking().Where(r => r.Trigger == trigger || r.Trigger == Triggers.Default).ToListAsync(cancellationToken);
        var route = routes.FirstOrDefault(r => r.Trigger == trigger) ?? routes.FirstOrDefault();
        return route is null ? null : await db.Policies.AsNoTracking().FirstOrDefaultAsync(p => p.Id == route.PolicyId, cancellationToken);
    }

    /// <summary>No policy: page the configured fallback person, if there is one by that name or email.</summary>
    private async Task<List<EscalationLevel>> FallbackLevelsAsync(CancellationToken cancellationToken)
    {
        var name = options.Value.FallbackRecipient.Trim().ToLowerInvariant();
        var person = await db.People.AsNoTracking()
            .Where(p => p.Active && (p.Name.ToLower() == name || (p.Email != null && p.Email.ToLower() == name)))
            .Select(p => (Guid?)p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return person is { } id
            ? [new EscalationLevel { Targets = [new EscalationTarget { Kind = TargetKinds.Person, Id = id }], TimeoutSeconds = 600 }]
            : [];
    }

    private void Announce(Escalation e, DateTimeOffset now) =>
        db.Outbox.Publish(new EscalationUpdated(e.Id, e.Reason, e.SubjectId, e.IncidentId, e.Status, e.Level + 1, e.WaitingOn, e.NextStepAt, now));

    private void Record(Escalation escalation, string kind, string detail) =>
        db.EscalationEvents.Add(new EscalationEvent
        {
            EscalationId = escalation.Id,
            At = time.GetUtcNow(),
            Kind = kind,
            Level = Math.Min(escalation.Level, Math.Max(0, escalation.Levels.Count - 1)) + 1,
            Detail = Truncate(detail, 2000),
        });

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {EscalationId}: paged level {Level} ({WaitingOn})")]
    private partial void LogPaged(Guid escalationId, int level, string? waitingOn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {EscalationId} for {SubjectKey} triggered again ({Count} triggers): no new page")]
    private partial void LogRetriggered(Guid escalationId, string subjectKey, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {EscalationId} acknowledged via {Via}")]
    private partial void LogAcknowledged(Guid escalationId, string via);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {EscalationId} for {SubjectKey} exhausted: nobody acknowledged")]
    private partial void LogExhausted(Guid escalationId, string subjectKey);
}
