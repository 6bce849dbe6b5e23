using CrisisComms.Drafting.Incidents;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Drafting.Posts;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Persistence;
using Microsoft.AspNetCore.Builder;

namespace CrisisComms.Drafting;

/// <summary>The drafting service: incidents and their hashtags, posts, and what each channel made of them.</summary>
public static class DraftingExtensions
{
    public static void AddDrafting(this PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSettings<DraftingOptions>(DraftingOptions.Section);
        platform.AddServiceDbContext<DraftingDbContext>(ServiceNames.Drafting);
        platform.AddConsumers(bus =>
        {
            bus.AddConsumer<PostPublishedConsumer>();
            bus.AddConsumer<PostFailedConsumer>();
        });
    }

    public static void MapDrafting(this WebApplication app)
    {
        app.MapIncidents();
        app.MapPosts();
    }
}
