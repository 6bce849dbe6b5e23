using CrisisComms.Contracts.Monitoring;
using CrisisComms.Drafting.Audit;
using CrisisComms.Drafting.Drafts;
using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Drafting.Posts;
using CrisisComms.Drafting.Schedules;
using CrisisComms.Drafting.Tags;
using CrisisComms.Drafting.Templates;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Drafting;

/// <summary>
/// The drafting service: incidents and their hashtags, drafts rendered for every channel, templates,
/// risk checks, approval, schedules and the audit log.
/// </summary>
public static class DraftingExtensions
{
    public static void AddDrafting(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSettings<DraftingOptions>(DraftingOptions.Section);
        platform.AddServiceDbContext<DraftingDbContext>(ServiceNames.Drafting);
        platform.Services.AddScoped<AuditTrail>();
        platform.Services.AddScoped<DraftWorkflow>();
        platform.Services.AddScoped<HashtagUsageClient>();
        platform.Services.AddHostedService<DraftingSeeder>();
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<PostPublishedConsumer>();
            bus.AddConsumer<PostFailedConsumer>();
            bus.AddConsumer<PostOutcomeUnknownConsumer>();
            bus.AddConsumer<PostWithdrawnConsumer>();
            bus.AddConsumer<PostWithdrawFailedConsumer>();
            bus.AddConsumer<ScheduledItemDueConsumer>();
            bus.AddConsumer<ApprovalWaitingConsumer>();
            bus.AddRequestClient<CheckHashtagUsage>(RequestTimeout.After(s: (int)HashtagUsageClient.Timeout.TotalSeconds));
        });
    }

    public static void MapDrafting(this WebApplication app)
    {
        app.MapOrganisation();
        app.MapIncidents();
        app.MapHashtags();
        app.MapDrafts();
        app.MapTemplates();
        app.MapSchedules();
        app.MapPosts();
        app.MapAudit();
    }
}
