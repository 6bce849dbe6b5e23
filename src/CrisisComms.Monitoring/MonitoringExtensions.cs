using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Watches;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Monitoring;

/// <summary>The monitoring service: watches, deduplicated mention intake, and what it announces to triage.</summary>
public static class MonitoringExtensions
{
    public static void AddMonitoring(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.AddServiceDbContext<MonitoringDbContext>(ServiceNames.Monitoring);
        platform.Services.AddScoped<MentionIntake>();
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<IncidentOpenedConsumer>();
            bus.AddConsumer<IncidentClosedConsumer>();
            bus.AddConsumer<HashtagUsageQuery>();
        });
    }

    public static void MapMonitoring(this WebApplication app) => app.MapMentions();
}
