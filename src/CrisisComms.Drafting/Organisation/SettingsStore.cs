using CrisisComms.Drafting.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Drafting.Organisation;

/// <summary>The organisation's settings row (made at start by <see cref="DraftingSeeder"/> from the configured defaults).</summary>
internal static class SettingsStore
{
    public static async Task<OrganisationSettings> GetAsync(DraftingDbContext db, DraftingOptions defaults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Settings.FirstOrDefaultAsync(s => s.Id == 1, cancellationToken) is { } settings)
        {
            return settings;
        }

        // Only before the seeder has run: the configured defaults, not yet saved.
        return FromDefaults(defaults);
    }

    public static OrganisationSettings FromDefaults(DraftingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new OrganisationSettings
        {
            Name = defaults.Organisation,
            HashtagPrefix = defaults.HashtagPrefix,
            CapSender = defaults.CapSender,
            PublicBaseUrl = defaults.PublicBaseUrl,
        };
    }

    public static Task<OrganisationSettings> GetAsync(DraftingDbContext db, IOptions<DraftingOptions> defaults, CancellationToken cancellationToken) =>
        GetAsync(db, defaults.Value, cancellationToken);
}
