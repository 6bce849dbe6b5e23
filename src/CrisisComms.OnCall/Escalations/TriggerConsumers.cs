using CrisisComms.Contracts.Drafting;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Contracts.Triage;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;

namespace CrisisComms.OnCall.Escalations;

/// <summary>A triage item waited past its deadline: escalate it (one escalation per item however often it breaches).</summary>
internal sealed class SlaBreachedConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, SlaBreached>(db)
{
    protected override Task HandleAsync(ConsumeContext<SlaBreached> context)
    {
        var m = context.Message;
        var severity = m.Priority switch
        {
            "Critical" => "critical",
            "High" => "error",
            _ => "warning",
        };
        return engine.TriggerAsync(
            new TriggerInput(Triggers.SlaBreached, m.ItemId.ToString(), m.ItemId, m.IncidentId,
                $"{m.Priority} triage item unanswered past its deadline ({m.Deadline:HH:mm} UTC)", severity,
                $"deadline {m.Deadline:u}, breached {m.BreachedAt:u}"),
            context.CancellationToken);
    }
}

/// <summary>A draft waited for approval longer than policy allows.</summary>
internal sealed class ApprovalStalledConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, ApprovalStalled>(db)
{
    protected override Task HandleAsync(ConsumeContext<ApprovalStalled> context)
    {
        var m = context.Message;
        return engine.TriggerAsync(
            new TriggerInput(Triggers.ApprovalStalled, m.DraftId.ToString(), m.DraftId, m.IncidentId,
                $"Draft \"{m.Headline}\" by {m.Author} awaiting approval since {m.SubmittedAt:HH:mm} UTC (limit {m.Limit.TotalMinutes:F0} min)", "warning",
                $"submitted {m.SubmittedAt:u}, stalled {m.StalledAt:u}"),
            context.CancellationToken);
    }
}

/// <summary>Someone may be in danger: page at once, at the highest urgency.</summary>
internal sealed class LifeSafetyDetectedConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, LifeSafetyDetected>(db)
{
    protected override Task HandleAsync(ConsumeContext<LifeSafetyDetected> context)
    {
        var m = context.Message;
        var excerpt = m.Excerpt.Length > 200 ? m.Excerpt[..200] + "…" : m.Excerpt;
        return engine.TriggerAsync(
            new TriggerInput(Triggers.LifeSafety, m.ItemId.ToString(), m.ItemId, m.IncidentId,
                $"LIFE SAFETY on {m.Channel}: \"{excerpt}\"", "critical",
                $"signals: {string.Join(", ", m.Reasons)}; detected {m.DetectedAt:u}"),
            context.CancellationToken);
    }
}

/// <summary>A monitoring source went quiet: the public may be talking and nobody hearing.</summary>
internal sealed class SourceStaleConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, SourceStale>(db)
{
    protected override Task HandleAsync(ConsumeContext<SourceStale> context)
    {
        var m = context.Message;
        var key = $"source:{m.Source}";
        return engine.TriggerAsync(
            new TriggerInput(Triggers.SourceStale, key, EscalationEngine.SubjectIdOf(key), null,
                $"Monitoring source {m.Source} ({m.Channel}) silent for over {m.Threshold.TotalMinutes:F0} min" + (m.LastError is { } error ? $": {error}" : string.Empty), "error",
                $"last success {m.LastSuccessAt:u}"),
            context.CancellationToken);
    }
}

/// <summary>A stale source works again: its escalation is resolved.</summary>
internal sealed class SourceRecoveredConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, SourceRecovered>(db)
{
    protected override Task HandleAsync(ConsumeContext<SourceRecovered> context) =>
        engine.ResolveSubjectAsync($"source:{context.Message.Source}", "monitoring", $"{context.Message.Source} recovered", context.CancellationToken);
}

/// <summary>Mention volume jumped well above its baseline.</summary>
internal sealed class VolumeSpikeConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, VolumeSpike>(db)
{
    protected override Task HandleAsync(ConsumeContext<VolumeSpike> context)
    {
        var m = context.Message;
        var key = $"volume:{m.Series}";
        return engine.TriggerAsync(
            new TriggerInput(Triggers.VolumeSpike, key, EscalationEngine.SubjectIdOf(key), m.IncidentId,
                $"Mention volume spike on {m.Series}: {m.Count} a minute, {m.Ratio:F1}× the usual {m.Baseline:F0}", "warning",
                $"minute {m.Minute:u}"),
            context.CancellationToken);
    }
}

/// <summary>A channel was paused (kill switch or by hand): posts wait for it.</summary>
internal sealed class ChannelPausedConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, ChannelPaused>(db)
{
    protected override Task HandleAsync(ConsumeContext<ChannelPaused> context)
    {
        var m = context.Message;
        var key = $"channel:{m.Channel}";
        return engine.TriggerAsync(
            new TriggerInput(Triggers.ChannelPaused, key, EscalationEngine.SubjectIdOf(key), null,
                $"{m.Channel} paused{(m.Automatic ? " by its kill switch" : string.Empty)}: {m.Reason}", "error",
                m.LastError ?? m.Reason),
            context.CancellationToken);
    }
}

/// <summary>A paused channel takes posts again: its escalation is resolved.</summary>
internal sealed class ChannelResumedConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, ChannelResumed>(db)
{
    protected override Task HandleAsync(ConsumeContext<ChannelResumed> context) =>
        engine.ResolveSubjectAsync($"channel:{context.Message.Channel}", context.Message.ResumedBy, $"{context.Message.Channel} resumed", context.CancellationToken);
}

/// <summary>The timer of an escalation level ran out (a Quartz job, once across replicas).</summary>
internal sealed class EscalationStepDueConsumer(OnCallDbContext db, EscalationEngine engine)
    : IdempotentConsumer<OnCallDbContext, EscalationStepDue>(db)
{
    protected override Task HandleAsync(ConsumeContext<EscalationStepDue> context) =>
        engine.StepDueAsync(context.Message.EscalationId, context.Message.Step, context.CancellationToken);
}
