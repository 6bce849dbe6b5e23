using System.Security.Claims;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Web.Partners;

/// <summary>
/// Object-level authorisation for incidents: staff see every incident; a partner sees only the
/// incidents they hold active access to (granted by an invite, not revoked, incident not closed).
/// Checked on every request and hub call, so a revocation takes effect at once.
/// </summary>
internal static class IncidentAccess
{
    public static bool IsStaff(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Officer) || user.IsInRole(Roles.Approver) || user.IsInRole(Roles.Admin);

    public static async Task<bool> CanSeeAsync(WebDbContext db, ClaimsPrincipal user, Guid incidentId, CancellationToken cancellationToken)
    {
        if (IsStaff(user))
        {
            return true;
        }

        if (!user.IsInRole(Roles.Partner) || UserId(user) is not { } userId)
        {
            return false;
        }

        return await db.PartnerAccess.AsNoTracking()
            .AnyAsync(a => a.UserId == userId && a.IncidentId == incidentId && a.RevokedAt == null && a.EndedAt == null, cancellationToken);
    }

    /// <summary>The incidents a partner may see (all incidents for staff: null).</summary>
    public static async Task<IReadOnlyList<Guid>?> VisibleAsync(WebDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (IsStaff(user))
        {
            return null;
        }

        if (!user.IsInRole(Roles.Partner) || UserId(user) is not { } userId)
        {
            return [];
        }

        return await db.PartnerAccess.AsNoTracking()
            .Where(a => a.UserId == userId && a.RevokedAt == null && a.EndedAt == null)
            .Select(a => a.IncidentId).Distinct().ToListAsync(cancellationToken);
    }

    public static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
