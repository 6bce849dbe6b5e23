using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Channels.Sandbox;
using CrisisComms.Publishing.Ledger;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Publishing;

/// <summary>The publishing service: one adapter per channel behind the publish ledger.</summary>
public static class PublishingExtensions
{
    public static void AddPublishing(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.AddServiceDbContext<PublishingDbContext>(ServiceNames.Publishing);
        platform.Services.AddScoped<IChannelAdapter, SandboxAdapter>();
        platform.AddConsumers(bus => bus.AddConsumer<PublishToChannelConsumer>());
    }

    public static void MapPublishing(this WebApplication app)
    {
        app.MapSandbox();
        app.MapLedger();
    }
}
