using CrisisComms.Contracts.Incidents;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Watches;

/// <summary>An incident's hashtag was issued: watch it on every channel from now on (on X, its own search).</summary>
internal sealed class IncidentOpenedConsumer(MonitoringDbContext db, WatchCache cache, TimeProvider time)
    : IdempotentConsumer<MonitoringDbContext, IncidentOpened>(db)
{
    protected override async Task HandleAsync(ConsumeContext<IncidentOpened> context)
    {
        var m = context.Message;
        if (await Db.Watches.AnyAsync(w => w.IncidentId == m.IncidentId && w.Term == m.Hashtag && w.Active, context.CancellationToken))
        {
            return;
        }

        Db.Watches.Add(new Watch
        {
            Id = Guid.CreateVersion7(),
            IncidentId = m.IncidentId,
            Term = m.Hashtag,
            Active = true,
            StartedAt = time.GetUtcNow(),
        });
        cache.Invalidate();
    }
}

/// <summary>The incident closed: stop watching its hashtag (history is kept).</summary>
internal sealed class IncidentClosedConsumer(MonitoringDbContext db, WatchCache cache) : IdempotentConsumer<MonitoringDbContext, IncidentClosed>(db)
{
    protected override async Task HandleAsync(ConsumeContext<IncidentClosed> context)
    {
        var m = context.Message;
        var watches = await Db.Watches.Where(w => w.IncidentId == m.IncidentId && w.Active).ToListAsync(context.CancellationToken);
        foreach (var watch in watches)
        {
            watch.Active = false;
            watch.StoppedAt = m.ClosedAt;
        }

        cache.Invalidate();
    }
}
