using System.Security.Cryptography;
using System.Text;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Live;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.Web.Partners;

internal enum InviteProblem
{
    None,
    Unknown,
    Used,
    Expired,
    Revoked,
    IncidentClosed,
}

/// <summary>
/// Partner invites: an officer makes a single-use link that lasts <see cref="WebOptions.InviteLifetime"/>;
/// exchanging it grants the partner access to that one incident and a normal session — the link is
/// then dead, so no lasting secret sits in a URL. Access is revocable and ends when the incident closes.
/// </summary>
internal sealed class PartnerInvites(WebDbContext db, IOptions<WebOptions> options, TimeProvider time, LiveNotifier live)
{
    /// <summary>Creates an invite; the secret is returned once and only its hash is kept.</summary>
    public async Task<(PartnerInvite Invite, string Secret)> CreateAsync(Guid incidentId, string organisation, string? contact, string createdBy, CancellationToken ct)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = time.GetUtcNow();
        var invite = new PartnerInvite
        {
            Id = Guid.CreateVersion7(),
            IncidentId = incidentId,
            Organisation = organisation.Trim(),
            Contact = string.IsNullOrWhiteSpace(contact) ? null : contact.Trim(),
            SecretHash = Hash(secret),
            CreatedBy = createdBy,
            CreatedAt = now,
            ExpiresAt = now + options.Value.InviteLifetime,
        };
        db.Invites.Add(invite);
        await db.SaveChangesAsync(ct);
        return (invite, secret);
    }

    /// <summary>The invite a link names, and whether it can still be used.</summary>
    public async Task<(PartnerInvite? Invite, InviteProblem Problem)> FindAsync(string secret, CancellationToken ct)
    {
        var hash = Hash(secret);
        var invite = await db.Invites.AsNoTracking().FirstOrDefaultAsync(i => i.SecretHash == hash, ct);
        if (invite is null)
        {
            return (null, InviteProblem.Unknown);
        }

        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == invite.IncidentId, ct);
        var problem = invite.UsedAt is not null ? InviteProblem.Used
            : incident?.ClosedAt is not null || incident?.Status == "Closed" ? InviteProblem.IncidentClosed
            : invite.RevokedAt is not null ? InviteProblem.Revoked
            : invite.ExpiresAt <= time.GetUtcNow() ? InviteProblem.Expired
            : InviteProblem.None;
        return (invite, problem);
    }

    /// <summary>
    /// Uses the invite for <paramref name="user"/> (made a Partner of the invite's organisation if new):
    /// exactly once, even when two browsers race with the same link.
    /// </summary>
    public async Task<(PartnerAccess? Access, InviteProblem Problem)> ExchangeAsync(string secret, Func<Task<User>> user, CancellationToken ct)
    {
        var (invite, problem) = await FindAsync(secret, ct);
        if (problem != InviteProblem.None)
        {
            return (null, problem);
        }

        var now = time.GetUtcNow();
        var claimed = await db.Invites
            .Where(i => i.Id == invite!.Id && i.UsedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedAt, now), ct);
        if (claimed != 1)
        {
            return (null, InviteProblem.Used);
        }

        var partner = await user();
        await db.Invites.Where(i => i.Id == invite!.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.UsedBy, partner.Id), ct);
        var access = new PartnerAccess
        {
            Id = Guid.CreateVersion7(),
            IncidentId = invite!.IncidentId,
            UserId = partner.Id,
            Organisation = invite.Organisation,
            InviteId = invite.Id,
            GrantedAt = now,
        };
        db.PartnerAccess.Add(access);
        await db.SaveChangesAsync(ct);
        return (access, InviteProblem.None);
    }

    public async Task<bool> RevokeInviteAsync(Guid incidentId, Guid inviteId, string by, CancellationToken ct) =>
        await db.Invites.Where(i => i.Id == inviteId && i.IncidentId == incidentId && i.UsedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, time.GetUtcNow()).SetProperty(i => i.RevokedBy, by), ct) == 1;

    public async Task<bool> RevokeAccessAsync(Guid incidentId, Guid accessId, string by, CancellationToken ct)
    {
        var access = await db.PartnerAccess.FirstOrDefaultAsync(a => a.Id == accessId && a.IncidentId == incidentId && a.RevokedAt == null && a.EndedAt == null, ct);
        if (access is null)
        {
            return false;
        }

        (access.RevokedAt, access.RevokedBy) = (time.GetUtcNow(), by);
        await db.SaveChangesAsync(ct);
        await live.RevokedAsync(access.UserId, incidentId);
        return true;
    }

    /// <summary>A new partner account for the person exchanging the link: no password; their session is their key.</summary>
    public static async Task<User> CreateGuestAsync(UserManager<User> users, string name, string? email, string organisation, TimeProvider time)
    {
        var id = Guid.CreateVersion7();
        var address = string.IsNullOrWhiteSpace(email) || await users.FindByEmailAsync(email.Trim()) is not null ? $"partner-{id:N}@partners.invalid" : email.Trim();
        var user = new User { Id = id, UserName = $"partner-{id:N}", Email = address, DisplayName = $"{name.Trim()} ({organisation})", Organisation = organisation, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, Roles.Partner);
        return user;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
