using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CrisisComms.Drafting.Persistence;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Drafting.Audit;

/// <summary>
/// Writes audit entries in the caller's transaction, so the record and the change it describes commit
/// together. Appends are serialised (an advisory lock on PostgreSQL; SQLite transactions already are),
/// because each entry's hash depends on the one before.
/// </summary>
internal sealed class AuditTrail(DraftingDbContext db, CurrentUser user, TimeProvider time)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";
    private const long ChainLock = 0x4175_6469_7443_6861; // "AuditCha"
    private string? _lastHash;
    private Guid _transaction;

    /// <summary>Records an action by the current user. Call inside a transaction (<c>db.InTransactionAsync</c>).</summary>
    public Task RecordAsync(string action, string entity, object entityId, Guid? incidentId, string? reason = null, object? details = null, CancellationToken cancellationToken = default) =>
        RecordAsAsync(user.Id, user.Name, action, entity, entityId, incidentId, reason, details, cancellationToken);

    /// <summary>Records an action taken by the system (a schedule firing, a consumer) rather than a person.</summary>
    public Task RecordSystemAsync(string action, string entity, object entityId, Guid? incidentId, string? reason = null, object? details = null, CancellationToken cancellationToken = default) =>
        RecordAsAsync("system", "CrisisComms", action, entity, entityId, incidentId, reason, details, cancellationToken);

    private async Task RecordAsAsync(string actorId, string actorName, string action, string entity, object entityId, Guid? incidentId, string? reason, object? details, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("audit entries are written in the transaction of the change they record");
        if (_lastHash is null || _transaction != transaction.TransactionId)
        {
            _transaction = transaction.TransactionId;
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLock})", cancellationToken);
            }

            _lastHash = await db.AuditEntries.OrderByDescending(e => e.Sequence).Select(e => e.Hash).FirstOrDefaultAsync(cancellationToken) ?? Genesis;
        }

        var entry = new AuditEntry
        {
            At = Truncate(time.GetUtcNow()),
            ActorId = actorId,
            ActorName = actorName,
            Action = action,
            Entity = entity,
            EntityId = Convert.ToString(entityId, CultureInfo.InvariantCulture)!,
            IncidentId = incidentId,
            Reason = reason,
            Details = details is null ? null : JsonSerializer.Serialize(details, MessageTypes.Json),
            PreviousHash = _lastHash,
            Hash = string.Empty,
        };
        entry.Hash = HashOf(entry);
        _lastHash = entry.Hash;
        db.AuditEntries.Add(entry);
    }

    /// <summary>The entry's hash: SHA-256 over the previous hash and every recorded field, in a fixed form.</summary>
    public static string HashOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var canonical = string.Join('\u001f',
            entry.PreviousHash,
            entry.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            entry.ActorId,
            entry.ActorName,
            entry.Action,
            entry.Entity,
            entry.EntityId,
            entry.IncidentId?.ToString() ?? string.Empty,
            entry.Reason ?? string.Empty,
            entry.Details ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    // Milliseconds survive both databases exactly, so a stored entry hashes as it did when written.
    private static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
