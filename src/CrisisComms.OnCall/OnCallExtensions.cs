using CrisisComms.OnCall.Acknowledgements;
using CrisisComms.OnCall.Demo;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.Handover;
using CrisisComms.OnCall.Paging;
using CrisisComms.OnCall.Paging.Transports;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using CrisisComms.OnCall.Rotas;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.OnCall;

/// <summary>
/// The on-call service: people and rotas, escalation policies, pages out (PagerDuty, Opsgenie, signed
/// webhooks, email), acknowledgements back, handover notices, all recorded with times.
/// </summary>
public static class OnCallExtensions
{
    public static void AddOnCall(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = platform.Services;
        services.AddSettings<OnCallOptions>(OnCallOptions.Section);
        platform.AddServiceDbContext<OnCallDbContext>(ServiceNames.OnCall);
        services.AddSingleton<ContactSecrets>();
        services.AddSingleton<AckLinks>();
        services.AddScoped<RotaDirectory>();
        services.AddScoped<EscalationEngine>();
        services.AddScoped<HandoverSummaries>();

        // Each pager's own HttpClient; the delivery's call timeout bounds every call.
        services.AddHttpClient<PagerDutyTransport>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<OpsgenieTransport>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<WebhookTransport>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<IPagerTransport>(sp => sp.GetRequiredService<PagerDutyTransport>());
        services.AddScoped<IPagerTransport>(sp => sp.GetRequiredService<OpsgenieTransport>());
        services.AddScoped<IPagerTransport>(sp => sp.GetRequiredService<WebhookTransport>());
        services.AddScoped<IPagerTransport, EmailTransport>();
        services.AddScoped<IPagerTransport, SandboxTransport>();

        services.AddHostedService<OnCallSeeder>();
        services.AddHostedService<HandoverSchedule>();

        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<SlaBreachedConsumer>();
            bus.AddConsumer<ApprovalStalledConsumer>();
            bus.AddConsumer<LifeSafetyDetectedConsumer>();
            bus.AddConsumer<SourceStaleConsumer>();
            bus.AddConsumer<SourceRecoveredConsumer>();
            bus.AddConsumer<VolumeSpikeConsumer>();
            bus.AddConsumer<ChannelPausedConsumer>();
            bus.AddConsumer<ChannelResumedConsumer>();
            bus.AddConsumer<EscalationStepDueConsumer>();
            bus.AddConsumer<DeliverPageConsumer>();
            bus.AddConsumer<CheckHandoversConsumer>();
            bus.AddConsumer<TriageItemUpdatedConsumer>();
            bus.AddConsumer<IncidentOpenedConsumer>();
            bus.AddConsumer<IncidentUpdatedConsumer>();
            bus.AddConsumer<IncidentClosedConsumer>();
        });
    }

    public static void MapOnCall(this WebApplication app)
    {
        app.MapPeople();
        app.MapRotas();
        app.MapCalendars();
        app.MapPolicies();
        app.MapEscalations();
        app.MapInbound();
        app.MapHandovers();
    }
}
