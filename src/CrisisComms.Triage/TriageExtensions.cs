using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Triage.Persistence;
using CrisisComms.Triage.Queue;
using Microsoft.AspNetCore.Builder;

namespace CrisisComms.Triage;

/// <summary>The triage service: judges every mention, queues what needs a human, tracks deadlines.</summary>
public static class TriageExtensions
{
    public static void AddTriage(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSettings<TriageOptions>(TriageOptions.Section);
        platform.AddServiceDbContext<TriageDbContext>(ServiceNames.Triage);
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<MentionReceivedConsumer>();
            bus.AddConsumer<CheckResponseDeadlineConsumer>();
        });
    }

    public static void MapTriage(this WebApplication app) => app.MapTriageQueue();
}
