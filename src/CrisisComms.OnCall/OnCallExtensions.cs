using CrisisComms.OnCall.Paging;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.AspNetCore.Builder;

namespace CrisisComms.OnCall;

/// <summary>The on-call service: who is paged when something waits too long, and their acknowledgements.</summary>
public static class OnCallExtensions
{
    public static void AddOnCall(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSettings<OnCallOptions>(OnCallOptions.Section);
        platform.AddServiceDbContext<OnCallDbContext>(ServiceNames.OnCall);
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<SlaBreachedConsumer>();
            bus.AddConsumer<ApprovalStalledConsumer>();
            bus.AddConsumer<ChannelPausedConsumer>();
        });
    }

    public static void MapOnCall(this WebApplication app) => app.MapPages();
}
