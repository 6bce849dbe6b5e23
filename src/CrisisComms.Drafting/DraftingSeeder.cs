using CrisisComms.Drafting.Organisation;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Drafting.Templates;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting;

/// <summary>
/// On first start: the organisation's settings from configuration, and the default templates.
/// Replicas starting together take turns, so the second finds them made.
/// </summary>
internal sealed class DraftingSeeder(IServiceScopeFactory scopes, IOptions<DraftingOptions> options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        await StartupLock.RunAsync(db, "drafting-seed", async () =>
        {
            if (!await db.Settings.AnyAsync(cancellationToken))
            {
                db.Settings.Add(SettingsStore.FromDefaults(options.Value));
            }

            var existing = await db.Templates.Select(t => t.Key).Distinct().ToListAsync(cancellationToken);
            db.Templates.AddRange(DefaultTemplates.All(time.GetUtcNow()).Where(t => !existing.Contains(t.Key)));
            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
