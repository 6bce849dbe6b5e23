using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Channels.Email;
using CrisisComms.Publishing.Channels.Facebook;
using CrisisComms.Publishing.Channels.Sandbox;
using CrisisComms.Publishing.Channels.Sms;
using CrisisComms.Publishing.Channels.Telegram;
using CrisisComms.Publishing.Channels.Web;
using CrisisComms.Publishing.Channels.Webhook;
using CrisisComms.Publishing.Channels.X;
using CrisisComms.Publishing.Ledger;
using CrisisComms.Publishing.Persistence;
using CrisisComms.Publishing.Public;
using CrisisComms.Publishing.Reach;
using CrisisComms.Publishing.Recipients;
using CrisisComms.Publishing.Webhooks;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Publishing;

/// <summary>
/// The publishing service: one adapter per channel behind the publish ledger (never lost, never
/// twice), channel accounts with encrypted credentials and kill switches, the public page and feeds,
/// and reach figures.
/// </summary>
public static class PublishingExtensions
{
    public static void AddPublishing(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = platform.Services;
        services.AddSettings<PublishingOptions>(PublishingOptions.Section);
        platform.AddServiceDbContext<PublishingDbContext>(ServiceNames.Publishing);
        services.AddSingleton<ChannelSecrets>();
        services.AddScoped<ChannelRegistry>();
        services.AddScoped<ChannelHealth>();
        services.AddScoped<SandboxAdapter>();
        services.AddScoped<EmailAdapter>();
        services.AddScoped<WebPageAdapter>();
        services.AddScoped<CapFeedAdapter>();

        // Each channel's own HttpClient; the ledger's call timeout bounds every call.
        services.AddHttpClient<XAdapter>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<FacebookAdapter>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<TwilioSmsAdapter>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<TelegramAdapter>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient<WebhookAdapter>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHostedService<ReachSchedule>();

        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<PublishToChannelConsumer>();
            bus.AddConsumer<WithdrawFromChannelConsumer>();
            bus.AddConsumer<ReplyRequestedConsumer>();
            bus.AddConsumer<RefreshReachConsumer>();
            bus.AddConsumer<PublicIncidentProjection, PublicIncidentProjectionDefinition>();
        });
    }

    public static void MapPublishing(this WebApplication app)
    {
        app.MapSandbox();
        app.MapLedger();
        app.MapChannels();
        app.MapRecipients();
        app.MapWebhookSubscriptions();
        app.MapTwilioStatus();
        app.MapPublicPages();
    }
}
