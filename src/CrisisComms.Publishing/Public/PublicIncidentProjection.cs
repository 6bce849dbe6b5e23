using CrisisComms.Contracts.Incidents;
using CrisisComms.Platform.Messaging;
using CrisisComms.Publishing.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Public;

/// <summary>Keeps what the public incident page says about each incident (title, tag, status, next update).</summary>
internal sealed class PublicIncidentProjection(PublishingDbContext db) : IConsumer<IncidentOpened>, IConsumer<IncidentUpdated>
{
    public Task Consume(ConsumeContext<IncidentOpened> context) => Inbox.HandleOnceAsync(db, context, "PublicIncidentProjection.IncidentOpened", async () =>
    {
        var m = context.Message;
        if (!await db.PublicIncidents.AnyAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken))
        {
            db.PublicIncidents.Add(new PublicIncident { IncidentId = m.IncidentId, Title = m.Title, Hashtag = m.Hashtag, Status = "Open", UpdatedAt = m.OpenedAt });
        }
    });

    public Task Consume(ConsumeContext<IncidentUpdated> context) => Inbox.HandleOnceAsync(db, context, "PublicIncidentProjection.IncidentUpdated", async () =>
    {
        var m = context.Message;
        var incident = await db.PublicIncidents.FirstOrDefaultAsync(i => i.IncidentId == m.IncidentId, context.CancellationToken);
        if (incident is null)
        {
            incident = new PublicIncident { IncidentId = m.IncidentId, Title = m.Title, Hashtag = m.Hashtag, Status = m.Status, UpdatedAt = m.ChangedAt };
            db.PublicIncidents.Add(incident);
        }
        else if (incident.UpdatedAt > m.ChangedAt)
        {
            return;
        }

        incident.Title = m.Title;
        incident.Status = m.Status;
        incident.Summary = m.Summary;
        incident.Areas = [.. m.Areas];
        incident.NextUpdateDue = m.NextUpdateDue;
        incident.UpdatedAt = m.ChangedAt;
    });
}

/// <summary>
/// One incident's opening and updates are projected one at a time on a replica, so the two that can
/// both create its public entry never race each other there (other replicas' races end in the unique
/// key and a retry; the projection is idempotent either way).
/// </summary>
internal sealed class PublicIncidentProjectionDefinition : ConsumerDefinition<PublicIncidentProjection>
{
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<PublicIncidentProjection> consumerConfigurator, IRegistrationContext context)
    {
        var incidents = endpointConfigurator.CreatePartitioner(8);
        consumerConfigurator.Message<IncidentOpened>(m => m.UsePartitioner(incidents, c => c.Message.IncidentId));
        consumerConfigurator.Message<IncidentUpdated>(m => m.UsePartitioner(incidents, c => c.Message.IncidentId));
    }
}
