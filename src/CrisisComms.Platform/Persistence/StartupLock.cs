using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Platform.Persistence;

/// <summary>
/// Startup work that processes starting together (compose, replicas) must not do at the same time:
/// migrating a shared schema, making the key ring's first key, seeding roles. On PostgreSQL it holds
/// a session advisory lock named by <paramref name="name"/> for the duration; embedded (SQLite) is
/// one process, so it just runs. The lock belongs to the context's connection, which stays open
/// until the work is done; a process that dies mid-work drops its session and with it the lock.
/// </summary>
public static class StartupLock
{
    // First key of the two-key advisory lock ("Cris"); the second is the name hashed by PostgreSQL.
    private const int LockSpace = 0x43726973;

    public static async Task RunAsync(DbContext db, string name, Func<Task> work, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (!db.Database.IsNpgsql())
            {
                await work();
                return;
            }

            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockSpace}, hashtext({name}))", cancellationToken);
            try
            {
                await work();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockSpace}, hashtext({name}))", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
