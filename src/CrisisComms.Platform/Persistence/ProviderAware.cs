using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace CrisisComms.Platform.Persistence;

/// <summary>
/// One context type runs on SQLite (embedded) or PostgreSQL, so its model is cached per provider.
/// </summary>
internal sealed class ProviderAwareModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.Database.ProviderName, designTime);
}

/// <summary>
/// Each service keeps two migration sets, <c>Persistence/Migrations/Sqlite</c> and
/// <c>Persistence/Migrations/Postgres</c>; this picks the set for the provider in use (by namespace).
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF's own extension point for this.
internal sealed class ProviderMigrationsAssembly : MigrationsAssembly
{
    private readonly string _namespaceSuffix;
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotResolved;

    public ProviderMigrationsAssembly(
        ICurrentDbContext currentContext,
        IDbContextOptions options,
        IMigrationsIdGenerator idGenerator,
        IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
        : base(currentContext, options, idGenerator, logger)
    {
        _namespaceSuffix = currentContext.Context.Database.IsNpgsql() ? ".Postgres" : ".Sqlite";
    }

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= base.Migrations
            .Where(m => InProviderNamespace(m.Value))
            .ToDictionary(m => m.Key, m => m.Value);

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotResolved)
            {
                _snapshot = Assembly.GetTypes()
                    .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ModelSnapshot)) && InProviderNamespace(t.GetTypeInfo()))
                    .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == ContextType)
                    .Select(t => (ModelSnapshot)Activator.CreateInstance(t)!)
                    .FirstOrDefault();
                _snapshotResolved = true;
            }

            return _snapshot;
        }
    }

    private Type ContextType => base.Migrations.Count > 0
        ? base.Migrations.First().Value.GetCustomAttribute<DbContextAttribute>()!.ContextType
        : typeof(DbContext);

    private bool InProviderNamespace(TypeInfo type) =>
        type.Namespace?.EndsWith(_namespaceSuffix, StringComparison.Ordinal) == true;
}
#pragma warning restore EF1001
