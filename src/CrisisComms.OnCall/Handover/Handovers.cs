using System.Globalization;
using System.Text;
using CrisisComms.Contracts.OnCall;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.Paging;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using CrisisComms.OnCall.Rotas;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Scheduling;
using CrisisComms.Platform.Security;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Handover;

internal static class NoticeKinds
{
    public const string Reminder = "reminder";
    public const string Summary = "summary";
}

/// <summary>
/// Every minute (a recurring Quartz schedule, one firing across replicas): for each layer's handover,
/// a reminder to the incoming officer <c>HandoverReminderLead</c> before it, and at the handover a
/// summary of what they take over (open incidents and their next updates, items waiting, escalations).
/// Each notice is made once (unique per rota, layer, handover and kind) and sent by every way the
/// person can be reached by text (email, webhook, sandbox).
/// </summary>
internal sealed class CheckHandoversConsumer(OnCallDbContext db, RotaDirectory directory, HandoverSummaries summaries, IOptions<OnCallOptions> options, TimeProvider time)
    : IdempotentConsumer<OnCallDbContext, CheckHandovers>(db)
{
    /// <summary>How far back a missed handover (every replica down) still gets its summary.</summary>
    private static readonly TimeSpan Lookback = TimeSpan.FromMinutes(30);

    protected override async Task HandleAsync(ConsumeContext<CheckHandovers> context)
    {
        var cancellationToken = context.CancellationToken;
        var now = time.GetUtcNow();
        var lead = options.Value.HandoverReminderLead;
        var plans = await directory.LoadAllAsync(now - Lookback, now + lead + TimeSpan.FromMinutes(1), cancellationToken);
        foreach (var plan in plans)
        {
            foreach (var layer in plan.Layers)
            {
                foreach (var handover in RotaMath.Handovers(layer, now - Lookback, now + lead + TimeSpan.FromSeconds(1), plan.Zone))
                {
                    var incoming = plan.At(layer.Position, handover);
                    var outgoing = plan.At(layer.Position, handover.AddTicks(-1));
                    if (incoming is null || incoming.PersonId == outgoing?.PersonId)
                    {
                        continue;
                    }

                    if (handover <= now)
                    {
                        await NoticeAsync(plan, incoming, outgoing, handover, NoticeKinds.Summary, now, cancellationToken);
                    }
                    else if (lead > TimeSpan.Zero && handover - lead <= now)
                    {
                        await NoticeAsync(plan, incoming, outgoing, handover, NoticeKinds.Reminder, now, cancellationToken);
                    }
                }
            }
        }
    }

    private async Task NoticeAsync(RotaPlan plan, Shift incoming, Shift? outgoing, DateTimeOffset handover, string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await Db.HandoverNotices.AnyAsync(n => n.RotaId == plan.Rota.Id && n.LayerPosition == incoming.Layer && n.HandoverAt == handover && n.Kind == kind, cancellationToken))
        {
            return;
        }

        var person = await Db.People.Include(p => p.ContactMethods).FirstOrDefaultAsync(p => p.Id == incoming.PersonId, cancellationToken);
        if (person is null)
        {
            return;
        }

        var outgoingName = outgoing is null ? null : (await Db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == outgoing.PersonId, cancellationToken))?.Name;
        var (title, text) = kind == NoticeKinds.Reminder
            ? summaries.Reminder(plan, incoming, person.Name, outgoingName)
            : await summaries.SummaryAsync(plan, incoming, person.Name, outgoingName, cancellationToken);
        var notice = new HandoverNotice
        {
            Id = Guid.CreateVersion7(),
            RotaId = plan.Rota.Id,
            LayerPosition = incoming.Layer,
            HandoverAt = handover,
            Kind = kind,
            PersonId = person.Id,
            Text = text.Length > 20000 ? text[..20000] : text,
            CreatedAt = now,
        };
        Db.HandoverNotices.Add(notice);
        foreach (var method in person.ContactMethods.Where(m => m.Kind is ContactKinds.Email or ContactKinds.Webhook or ContactKinds.Sandbox))
        {
            var delivery = new Delivery
            {
                Id = Guid.CreateVersion7(),
                Purpose = kind == NoticeKinds.Reminder ? Purposes.HandoverReminder : Purposes.HandoverSummary,
                NoticeId = notice.Id,
                PersonId = person.Id,
                ContactMethodId = method.Id,
                Kind = method.Kind,
                Target = ContactDescriptions.Describe(method),
                Title = title,
                Body = notice.Text,
                CreatedAt = now,
                UpdatedAt = now,
            };
            Db.Deliveries.Add(delivery);
            Db.Outbox.Publish(new DeliverPage(delivery.Id));
        }
    }
}

/// <summary>The words of handover notices, from on-call's own read model (it never reads another service's tables).</summary>
internal sealed class HandoverSummaries(OnCallDbContext db, TimeProvider time)
{
    public (string Title, string Text) Reminder(RotaPlan plan, Shift incoming, string name, string? outgoing) =>
        ($"Handover reminder: you take over as {incoming.LayerName} at {Local(plan, incoming.Start)}",
         $"{name}, you are on call as {incoming.LayerName} ({plan.Rota.Name}) from {Local(plan, incoming.Start)} until {Local(plan, incoming.End)}" +
         (outgoing is null ? "." : $", taking over from {outgoing}.") + "\nA summary of open items, incidents and scheduled updates follows at the handover.");

    public async Task<(string Title, string Text)> SummaryAsync(RotaPlan plan, Shift incoming, string name, string? outgoing, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.Status != "Closed").OrderBy(i => i.NextUpdateDue).ToListAsync(cancellationToken);
        var items = await db.OpenItems.AsNoTracking().OrderBy(i => i.Deadline).ToListAsync(cancellationToken);
        var escalations = await db.Escalations.AsNoTracking().Where(e => e.ActiveKey != null).OrderBy(e => e.StartedAt).ToListAsync(cancellationToken);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{name}, you are now on call as {incoming.LayerName} ({plan.Rota.Name}) until {Local(plan, incoming.End)}")
            .Append(outgoing is null ? "." : $", taking over from {outgoing}.").Append('\n');

        text.Append(CultureInfo.InvariantCulture, $"\nOpen incidents ({incidents.Count}):\n");
        foreach (var i in incidents)
        {
            var due = i.NextUpdateDue is { } d ? $"next update due {Local(plan, d)}{(d < now ? " — OVERDUE" : string.Empty)}" : "no update scheduled";
            text.Append(CultureInfo.InvariantCulture, $"- {i.Title} {i.Hashtag} ({i.Severity}, {i.Status}): {due}\n");
        }

        text.Append("\nScheduled updates:\n");
        var scheduled = incidents.Where(i => i.NextUpdateDue is not null).ToList();
        if (scheduled.Count == 0)
        {
            text.Append("- none\n");
        }

        foreach (var i in scheduled)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {Local(plan, i.NextUpdateDue!.Value)}: {i.Title}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nItems waiting in the triage queue ({items.Count}):");
        foreach (var group in items.GroupBy(i => i.Priority).OrderBy(g => PriorityRank(g.Key)))
        {
            text.Append(CultureInfo.InvariantCulture, $" {group.Key} {group.Count()};");
        }

        text.Append('\n');
        foreach (var i in items.OrderBy(i => PriorityRank(i.Priority)).ThenBy(i => i.Deadline).Take(10))
        {
            text.Append(CultureInfo.InvariantCulture, $"- [{i.Priority}] {i.Summary} (due {Local(plan, i.Deadline)}{(i.Deadline < now ? ", overdue" : string.Empty)}{(i.AssignedTo is { } a ? $", with {a}" : string.Empty)})\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nEscalations active ({escalations.Count}):\n");
        foreach (var e in escalations)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {e.Summary} ({e.Status}{(e.WaitingOn is { } w ? $", waiting on {w}" : string.Empty)}{(e.AcknowledgedBy is { } by ? $", acknowledged by {by}" : string.Empty)})\n");
        }

        return ($"Handover: you are on call as {incoming.LayerName} — {incidents.Count} incidents, {items.Count} items waiting", text.ToString());
    }

    private static int PriorityRank(string priority) => priority switch
    {
        "Critical" => 0,
        "High" => 1,
        "Medium" => 2,
        "Normal" => 2,
        _ => 3,
    };

    private static string Local(RotaPlan plan, DateTimeOffset instant) =>
        plan.Local(instant).ToString("ddd d MMM HH:mm", CultureInfo.GetCultureInfo("en-GB"));
}

/// <summary>Registers the recurring handover check once the bus is up (replacing any earlier schedule, so the interval follows the setting).</summary>
internal sealed class HandoverSchedule(IServiceProvider services, IHostApplicationLifetime lifetime, IOptions<OnCallOptions> options) : IHostedService
{
    public const string Key = "oncall-handovers";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = services.GetRequiredService<IMessageSchedule>()
            .ScheduleRecurringAsync(Key, options.Value.HandoverCheckInterval, new CheckHandovers("all"), CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed record HandoverNoticeView(Guid Id, Guid RotaId, int Layer, DateTimeOffset HandoverAt, string Kind, Guid PersonId, string Text, DateTimeOffset CreatedAt);

internal static class HandoverEndpoints
{
    public static void MapHandovers(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/oncall/handovers", ListAsync).WithTags("OnCall").RequireAuthorization(Policies.Staff).WithName("ListHandoverNotices")
            .WithSummary("Handover reminders and summaries made, newest first (their deliveries are at /api/v1/oncall/deliveries).");

    internal static async Task<Ok<List<HandoverNoticeView>>> ListAsync(OnCallDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.HandoverNotices.AsNoTracking().OrderByDescending(n => n.CreatedAt).Take(200)
            .Select(n => new HandoverNoticeView(n.Id, n.RotaId, n.LayerPosition, n.HandoverAt, n.Kind, n.PersonId, n.Text, n.CreatedAt)).ToListAsync(cancellationToken));
}
