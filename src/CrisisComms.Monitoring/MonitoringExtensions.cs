using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Mentions;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Sources.Email;
using CrisisComms.Monitoring.Sources.Facebook;
using CrisisComms.Monitoring.Sources.Feeds;
using CrisisComms.Monitoring.Sources.Sms;
using CrisisComms.Monitoring.Sources.Telegram;
using CrisisComms.Monitoring.Sources.X;
using CrisisComms.Monitoring.Volume;
using CrisisComms.Monitoring.Watches;
using CrisisComms.Monitoring.Webhooks;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Monitoring;

/// <summary>
/// The monitoring service, the 24/7 ingestor: sources behind one interface (X mentions and searches,
/// Facebook, SMS, Telegram, email, partners' feeds), polled on Quartz's schedule one replica at a time or
/// pushed by signed webhooks; every mention deduplicated and announced once; per-source health and
/// staleness; per-minute volume with spike detection; the hashtag usage look-up for drafting.
/// </summary>
public static class MonitoringExtensions
{
    public static void AddMonitoring(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = platform.Services;
        services.AddSettings<MonitoringOptions>(MonitoringOptions.Section);
        platform.AddServiceDbContext<MonitoringDbContext>(ServiceNames.Monitoring);

        services.AddSingleton<MonitoringMetrics>();
        services.AddSingleton<SourceSecrets>();
        services.AddSingleton<WatchCache>();
        services.AddSingleton<SourceAccountCache>();
        services.AddSingleton<MentionDedupe>();
        services.AddSingleton<VolumeCounters>();
        services.AddSingleton<CapAlerts>();
        services.AddScoped<MentionStore>();
        services.AddScoped<SourceCatalog>();
        services.AddScoped<SourceHealthRecorder>();
        services.AddScoped<SourcePoller>();
        services.AddScoped<SourceHealthCheck>();
        services.AddScoped<VolumeCheck>();
        services.AddScoped<WebhookIntake>();

        // Every call has its own deadline (CrisisComms:Monitoring:CallTimeout), so the client itself has none; its
        // request logging is off because some channels put credentials in the URL (Telegram's bot token).
        services.AddHttpClient(SourceHttp.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        services.AddKeyedScoped<IMentionSource, XMentionsSource>(SourceTypes.XMentions);
        services.AddKeyedScoped<IMentionSource, XSearchSource>(SourceTypes.XSearch);
        services.AddKeyedScoped<IMentionSource, FacebookCommentsSource>(SourceTypes.FacebookComments);
        services.AddKeyedScoped<IMentionSource, FacebookWebhookSource>(SourceTypes.FacebookWebhook);
        services.AddKeyedScoped<IMentionSource, TwilioSmsSource>(SourceTypes.Sms);
        services.AddKeyedScoped<IMentionSource, TelegramSource>(SourceTypes.Telegram);
        services.AddKeyedScoped<IMentionSource, ImapSource>(SourceTypes.Email);
        services.AddKeyedScoped<IMentionSource, FeedSource>(SourceTypes.Feed);

        services.AddHostedService<MonitoringSchedules>();
        services.AddHostedService<SourceHealthSnapshot>();

        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<IncidentOpenedConsumer>();
            bus.AddConsumer<IncidentClosedConsumer>();
            bus.AddConsumer<HashtagUsageQuery>();
            bus.AddConsumer<MentionsCapturedConsumer, MentionsCapturedConsumerDefinition>();
            bus.AddConsumer<PollMonitoringSourcesConsumer>();
            bus.AddConsumer<PollMonitoringSourceConsumer>();
            bus.AddConsumer<CheckSourceHealthConsumer>();
            bus.AddConsumer<CheckMentionVolumeConsumer>();
        });
    }

    public static void MapMonitoring(this WebApplication app)
    {
        app.MapMentions();
        app.MapSources();
        app.MapVolume();
        app.MapWebhooks();
    }
}
