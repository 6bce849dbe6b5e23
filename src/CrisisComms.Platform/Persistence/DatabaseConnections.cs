using CrisisComms.Platform.Hosting;
using Microsoft.Data.Sqlite;

namespace CrisisComms.Platform.Persistence;

/// <summary>Where a service's data lives: its own SQLite file when embedded, its own schema on PostgreSQL.</summary>
public static class DatabaseConnections
{
    public static string SqliteFile(PlatformSettings settings, string name) =>
        Path.Combine(settings.DataDirectory, $"{name}.db");

    public static string Sqlite(PlatformSettings settings, string name) => new SqliteConnectionStringBuilder
    {
        DataSource = SqliteFile(settings, name),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        // Writers in one process wait for each other instead of failing with SQLITE_BUSY.
        DefaultTimeout = 30,
        Pooling = true,
    }.ToString();
}
