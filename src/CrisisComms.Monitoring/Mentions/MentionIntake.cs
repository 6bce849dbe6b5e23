using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.State;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Mentions;

internal sealed record IncomingMention(string Channel, string NativeId, string Author, string Text, DateTimeOffset PostedAt);

internal enum IntakeResult
{
    Accepted,
    Duplicate,
}

/// <summary>
/// Where every source hands what it heard: dedupe (Redis first, the database's unique key behind it,
/// so losing Redis never lets a duplicate through), match to a watched incident hashtag, store and
/// announce in one transaction.
/// </summary>
internal sealed class MentionIntake(MonitoringDbContext db, IDedupeStore dedupe, TimeProvider time)
{
    private static readonly TimeSpan DedupeWindow = TimeSpan.FromDays(7);

    public async Task<(IntakeResult Result, Guid MentionId)> AcceptAsync(IncomingMention incoming, CancellationToken cancellationToken)
    {
        var key = $"mention:{incoming.Channel}:{incoming.NativeId}";
        if (!await dedupe.TryClaimAsync(key, DedupeWindow, cancellationToken))
        {
            var existing = await db.Mentions.AsNoTracking()
                .Where(m => m.Channel == incoming.Channel && m.NativeId == incoming.NativeId)
                .Select(m => (Guid?)m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is { } id)
            {
                return (IntakeResult.Duplicate, id);
            }

            // Claimed but never stored (the claimer failed): take it over.
        }

        try
        {
            var known = await db.Mentions.AsNoTracking()
                .Where(m => m.Channel == incoming.Channel && m.NativeId == incoming.NativeId)
                .Select(m => (Guid?)m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (known is { } knownId)
            {
                return (IntakeResult.Duplicate, knownId);
            }

            var watches = await db.Watches.AsNoTracking().Where(w => w.Active).ToListAsync(cancellationToken);
            var match = watches.FirstOrDefault(w => incoming.Text.Contains(w.Term, StringComparison.OrdinalIgnoreCase));
            var mention = new Mention
            {
                Id = Guid.CreateVersion7(),
                Channel = incoming.Channel,
                NativeId = incoming.NativeId,
                Author = incoming.Author,
                Text = incoming.Text,
                PostedAt = incoming.PostedAt,
                ReceivedAt = time.GetUtcNow(),
                IncidentId = match?.IncidentId,
                MatchedWatch = match?.Term,
            };
            db.Mentions.Add(mention);
            db.Outbox.Publish(new MentionReceived(
                mention.Id, mention.Channel, mention.NativeId, mention.Author, mention.Text, mention.PostedAt, mention.IncidentId, mention.MatchedWatch));
            await db.SaveChangesAsync(cancellationToken);
            return (IntakeResult.Accepted, mention.Id);
        }
        catch (DbUpdateException)
        {
            // Stored concurrently by another source or replica: the unique key decided.
            db.ChangeTracker.Clear();
            var id = await db.Mentions.AsNoTracking()
                .Where(m => m.Channel == incoming.Channel && m.NativeId == incoming.NativeId)
                .Select(m => (Guid?)m.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (id is { } stored)
            {
                return (IntakeResult.Duplicate, stored);
            }

            await dedupe.ReleaseAsync(key, cancellationToken);
            throw;
        }
        catch
        {
            await dedupe.ReleaseAsync(key, CancellationToken.None);
            throw;
        }
    }
}
