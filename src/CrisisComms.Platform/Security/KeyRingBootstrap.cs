using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Platform.Security;

/// <summary>
/// Makes sure the shared key ring has a key before anything is protected with it. Without this,
/// several services starting at once on an empty ring would each create their own first key, and
/// for a while one service could not read another's tokens. It also refuses to start a process
/// that could not open the ring's keys (a wrong or missing key-encryption key).
/// </summary>
internal static class KeyRingBootstrap
{
    public static async Task EnsureKeyAsync(IServiceProvider services, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var keys = scope.ServiceProvider.GetRequiredService<IKeyManager>();
        await Persistence.StartupLock.RunAsync(db, "key-ring", () =>
        {
            var now = time.GetUtcNow();
            var all = keys.GetAllKeys();
            // Before making a key: a process with the wrong key-encryption key stops here, naming it.
            KeyRingEncryption.CheckKeyRing(scope.ServiceProvider, all, now);
            if (!all.Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            {
                keys.CreateNewKey(now, now.AddDays(90));
            }

            return Task.CompletedTask;
        }, cancellationToken);
    }
}
