using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Triage;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Paging;

/// <summary>A triage item waited past its deadline: page whoever is on duty (one page per item).</summary>
internal sealed class SlaBreachedConsumer(OnCallDbContext db, IOptions<OnCallOptions> options, TimeProvider time)
    : IdempotentConsumer<OnCallDbContext, SlaBreached>(db)
{
    protected override async Task HandleAsync(ConsumeContext<SlaBreached> context)
    {
        var m = context.Message;
        if (await Db.Pages.AnyAsync(p => p.SubjectId == m.ItemId && p.Reason == "sla-breached", context.CancellationToken))
        {
            return;
        }

        var page = new Page
        {
            Id = Guid.CreateVersion7(),
            Reason = "sla-breached",
            SubjectId = m.ItemId,
            IncidentId = m.IncidentId,
            Recipient = options.Value.FallbackRecipient,
            Summary = $"{m.Priority} triage item waiting since its deadline {m.Deadline:HH:mm} UTC",
            SentAt = time.GetUtcNow(),
        };
        Db.Pages.Add(page);
        Db.Outbox.Publish(new PageSent(page.Id, page.Reason, page.SubjectId, page.IncidentId, page.Recipient, page.SentAt));
    }
}
