using CrisisComms.Drafting;
using CrisisComms.Monitoring;
using CrisisComms.OnCall;
using CrisisComms.Platform.Hosting;
using CrisisComms.Publishing;
using CrisisComms.Triage;
using CrisisComms.Web;

namespace CrisisComms.Server;

/// <summary>The table of services this binary can run; the platform adds those selected for this process.</summary>
public static class Composition
{
    public static PlatformBuilder AddServices(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return platform
            .AddService(ServiceNames.Drafting, DraftingExtensions.AddDrafting, DraftingExtensions.MapDrafting)
            .AddService(ServiceNames.Publishing, PublishingExtensions.AddPublishing, PublishingExtensions.MapPublishing)
            .AddService(ServiceNames.Monitoring, MonitoringExtensions.AddMonitoring, MonitoringExtensions.MapMonitoring)
            .AddService(ServiceNames.Triage, TriageExtensions.AddTriage, TriageExtensions.MapTriage)
            .AddService(ServiceNames.OnCall, OnCallExtensions.AddOnCall, OnCallExtensions.MapOnCall)
            .AddService(ServiceNames.Web, WebExtensions.AddWeb, WebExtensions.MapWeb);
    }
}
