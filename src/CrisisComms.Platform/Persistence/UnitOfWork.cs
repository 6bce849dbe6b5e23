using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Platform.Persistence;

public static class UnitOfWork
{
    /// <summary>
    /// Runs <paramref name="work"/> and saves its changes in one transaction — joining the one already
    /// open (an idempotent request, a consumer's inbox) or opening and committing its own.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this DbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is not null)
        {
            var joined = await work();
            await db.SaveChangesAsync(cancellationToken);
            return joined;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
