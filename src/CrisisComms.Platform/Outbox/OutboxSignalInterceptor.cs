using System.Data.Common;
using CrisisComms.Platform.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrisisComms.Platform.Outbox;

/// <summary>Notifies the dispatcher once outbox rows are committed (after SaveChanges, or after the commit of an explicit transaction).</summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void NotifyIfCommitted(DbContext? context)
    {
        if (context is { Database.CurrentTransaction: null })
        {
            Notify(context);
        }
    }

    private void Notify(DbContext? context)
    {
        if (context is ServiceDbContext { OutboxTouched: true } db)
        {
            db.OutboxTouched = false;
            signal.Notify(db.GetType());
        }
    }

    private static void Forget(DbContext? context)
    {
        if (context is ServiceDbContext db)
        {
            db.OutboxTouched = false;
        }
    }
}
