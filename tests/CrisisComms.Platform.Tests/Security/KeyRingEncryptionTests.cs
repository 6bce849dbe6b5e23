using System.Security.Cryptography;
using System.Xml.Linq;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace CrisisComms.Platform.Tests.Security;

/// <summary>
/// The shared Data Protection key ring in PostgreSQL, wrapped with a key-encryption key (KEK): what a
/// database dump shows, what a fresh replica can read, rotation, and the wrong KEK.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class KeyRingEncryptionTests(RealServersFixture servers)
{
    private const string Kek = KeyRingEncryptionSettings.KeyEncryptionKeySetting;
    private const string PreviousKeks = KeyRingEncryptionSettings.PreviousKeyEncryptionKeysSetting;
    private const string Purpose = "CrisisComms.Tests.KeyRing";
    private const string Secret = "twilio-auth-token-0123456789";

    [Fact]
    public async Task With_a_KEK_a_dump_of_the_key_table_holds_no_key_and_a_fresh_replica_with_the_same_KEK_reads_what_the_first_protected()
    {
        await using var infrastructure = await servers.IsolateAsync("kek_dump");
        var kek = NewKek();
        await using var first = await StartAsync(infrastructure, kek);
        var payload = first.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect(Secret);
        var masterKey = MasterKeyOf(Assert.Single(first.Get<IKeyManager>().GetAllKeys()));

        var row = Assert.Single(await KeyRowsAsync(infrastructure));
        Assert.DoesNotContain("<masterKey", row, StringComparison.Ordinal);
        Assert.DoesNotContain(masterKey, row, StringComparison.Ordinal);
        Assert.Equal(IdOf(kek), WrappedWith(row));

        await using var replica = await StartAsync(infrastructure, kek);
        Assert.Equal(Secret, replica.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
    }

    [Fact]
    public async Task After_rotation_a_replica_with_the_new_KEK_and_the_old_one_as_previous_reads_old_data_and_wraps_new_keys_with_the_new_KEK()
    {
        await using var infrastructure = await servers.IsolateAsync("kek_rotate");
        var (oldKek, newKek) = (NewKek(), NewKek());
        string payload;
        await using (var before = await StartAsync(infrastructure, oldKek))
        {
            payload = before.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect(Secret);
        }

        await using var after = await StartAsync(infrastructure, newKek, ($"{PreviousKeks}:0", oldKek));

        Assert.Equal(Secret, after.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
        var keys = after.Get<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        var next = keys.CreateNewKey(now.AddDays(1), now.AddDays(91));
        var rows = await KeyRowsAsync(infrastructure);
        Assert.Equal([IdOf(oldKek), IdOf(newKek)], rows.Select(WrappedWith));
        Assert.NotNull(keys.GetAllKeys().Single(k => k.KeyId == next.KeyId).CreateEncryptor());
    }

    [Fact]
    public async Task With_the_wrong_KEK_a_replica_refuses_to_start_and_unprotect_fails_naming_the_missing_KEK()
    {
        await using var infrastructure = await servers.IsolateAsync("kek_wrong");
        var (rightKek, wrongKek) = (NewKek(), NewKek());
        string payload;
        await using (var first = await StartAsync(infrastructure, rightKek))
        {
            payload = first.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect(Secret);
        }

        var refused = await Assert.ThrowsAsync<ConfigurationException>(() => StartAsync(infrastructure, wrongKek));
        Assert.Equal(Kek, refused.Key);
        Assert.Contains($"wrapped with key-encryption key {IdOf(rightKek)}, which is missing", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"this process has {IdOf(wrongKek)} ({Kek})", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
        Assert.Equal([IdOf(rightKek)], (await KeyRowsAsync(infrastructure)).Select(WrappedWith));

        // Data Protection itself, with no start-up check in front of it, on the same database.
        await using var wrong = DataProtectionOnly(infrastructure, wrongKek);
        var failed = Assert.ThrowsAny<CryptographicException>(() => wrong.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
        var missing = Assert.IsType<KeyRingEncryptionException>(failed);
        Assert.Equal(IdOf(rightKek), missing.KekId);
        Assert.Contains($"key-encryption key {IdOf(rightKek)} cannot be opened: that KEK is missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_KEK_keys_stay_plain_with_one_warning_naming_the_setting_and_stay_readable_once_a_KEK_is_set()
    {
        await using var infrastructure = await servers.IsolateAsync("kek_legacy");
        var logs = new CapturedLogs();
        string payload;
        await using (var legacy = await StartAsync(infrastructure, kek: null, logs: logs))
        {
            payload = legacy.Get<IDataProtectionProvider>().CreateProtector(Purpose).Protect(Secret);
        }

        var warning = Assert.Single(logs.Lines, l => l.StartsWith("Warning CrisisComms.Platform.Security.KeyRingEncryption:", StringComparison.Ordinal));
        Assert.Contains($"Set {Kek}", warning, StringComparison.Ordinal);
        Assert.Contains("<masterKey", Assert.Single(await KeyRowsAsync(infrastructure)), StringComparison.Ordinal);

        await using var upgraded = await StartAsync(infrastructure, NewKek());
        Assert.Equal(Secret, upgraded.Get<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(payload));
    }

    private static string NewKek() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string IdOf(string kek) => KeyEncryptionKey.Parse(kek).Id;

    private static string MasterKeyOf(IKey key) =>
        key.Descriptor.ExportToXml().SerializedDescriptorElement.Element("masterKey")!.Element("value")!.Value;

    /// <summary>The KEK id a stored key names, or null when it is plain XML.</summary>
    private static string? WrappedWith(string row) =>
        XElement.Parse(row).Descendants("wrappedKey").SingleOrDefault()?.Attribute("kek")?.Value;

    /// <summary>What a dump of the table shows, oldest first.</summary>
    private static async Task<List<string>> KeyRowsAsync(Isolated infrastructure)
    {
        await using var connection = new NpgsqlConnection(infrastructure.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT xml FROM platform.data_protection_keys ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static Task<ServiceHost> StartAsync(Isolated infrastructure, string? kek, (string Key, string Value)? setting = null, CapturedLogs? logs = null) =>
        ServiceHost.StartAsync(o =>
        {
            o.Infrastructure = infrastructure;
            o.Services.Add("web");
            o.Logs = logs;
            o.Settings[Kek] = kek;
            if (setting is var (key, value))
            {
                o.Settings[key] = value;
            }
        });

    /// <summary>The platform's own security wiring on a database, without a host (and so without its start-up check).</summary>
    private static ServiceProvider DataProtectionOnly(Isolated infrastructure, string kek)
    {
        var settings = infrastructure.Configuration();
        settings["CrisisComms:Infrastructure"] = "external";
        settings[Kek] = kek;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPlatformSecurity(PlatformSettings.Resolve(configuration, Path.GetTempPath()));
        return services.BuildServiceProvider();
    }
}
