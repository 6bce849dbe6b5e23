using MassTransit;

namespace CrisisComms.Platform.Messaging;

/// <summary>Headers every message carries beyond MassTransit's own.</summary>
public static class BusHeaders
{
    public const string IncidentId = "CrisisComms-IncidentId";

    public static void Stamp(SendContext context, Guid messageId, Guid? incidentId)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.MessageId = messageId;
        if (incidentId is { } id)
        {
            context.Headers.Set(IncidentId, id.ToString());
        }
    }

    public static string? IncidentOf(ConsumeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Headers.Get<string>(IncidentId);
    }
}
