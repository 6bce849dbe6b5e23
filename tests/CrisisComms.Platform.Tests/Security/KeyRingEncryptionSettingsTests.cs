using System.Security.Cryptography;
using System.Xml.Linq;
using CrisisComms.Platform.Hosting;
using CrisisComms.Platform.Security;
using CrisisComms.Testing.Hosts;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace CrisisComms.Platform.Tests.Security;

/// <summary>The KEK settings, and the wrapping itself, without servers.</summary>
public sealed class KeyRingEncryptionSettingsTests
{
    private const string Kek = KeyRingEncryptionSettings.KeyEncryptionKeySetting;
    private const string PreviousKeks = KeyRingEncryptionSettings.PreviousKeyEncryptionKeysSetting;

    [Theory]
    [InlineData(Kek, "not base64 at all!", "configuration error: CrisisComms:DataProtection:KeyEncryptionKey: is not base64 (generate one with: openssl rand -base64 32)")]
    [InlineData(Kek, "AAECAwQFBgcICQoLDA0ODw==", "configuration error: CrisisComms:DataProtection:KeyEncryptionKey: is 16 bytes, must be 32")]
    [InlineData(PreviousKeks, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,%%%", "configuration error: CrisisComms:DataProtection:PreviousKeyEncryptionKeys: entry 2 is not base64")]
    public async Task A_bad_KEK_setting_stops_the_start_with_one_line_naming_the_key_and_not_the_value(string key, string value, string expected)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceHost.StartAsync(o => o.Settings[key] = value));

        var line = SettingsValidation.Describe(e);
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain(value, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embedded_without_a_KEK_keeps_keys_plain_and_says_so_at_information_level()
    {
        var logs = new CapturedLogs();
        await using var host = await ServiceHost.StartAsync(o => o.Logs = logs);

        var line = Assert.Single(logs.Lines, l => l.Contains("CrisisComms.Platform.Security.KeyRingEncryption:", StringComparison.Ordinal));
        Assert.StartsWith("Information ", line, StringComparison.Ordinal);
        Assert.Contains($"set {Kek}", line, StringComparison.Ordinal);
        Assert.Null(host.Get<KeyEncryptionKeys>().Current);
    }

    [Fact]
    public void Previous_KEKs_are_read_from_an_array_or_a_comma_list()
    {
        var (a, b, c) = (NewKek(), NewKek(), NewKek());

        var fromArray = Keys((Kek, a), ($"{PreviousKeks}:0", b), ($"{PreviousKeks}:1", c));
        var fromList = Keys((Kek, a), (PreviousKeks, $" {b} , {c} "));
        var none = Keys((Kek, " "), (PreviousKeks, ""));

        Assert.Equal(IdOf(a), fromArray.Current!.Id);
        Assert.Equal([IdOf(b), IdOf(c)], fromArray.Previous.Select(k => k.Id));
        Assert.Equal([IdOf(b), IdOf(c)], fromList.Previous.Select(k => k.Id));
        Assert.Null(none.Current);
        Assert.Empty(none.Previous);
    }

    [Fact]
    public void A_KEK_id_is_the_first_8_bytes_of_its_SHA_256_in_hex()
    {
        var kek = NewKek();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(kek))[..8]), IdOf(kek));
    }

    [Fact]
    public void A_wrapped_key_opens_with_its_KEK_found_among_the_previous_ones()
    {
        var (old, current) = (NewKek(), NewKek());
        var masterKey = new XElement("masterKey", new XComment(" Warning "), new XElement("value", "c2VjcmV0"));
        var wrapped = new KeyRingXmlEncryptor(KeyEncryptionKey.Parse(old)).Encrypt(masterKey);

        var opened = Decryptor((Kek, current), ($"{PreviousKeks}:0", old)).Decrypt(wrapped.EncryptedElement);

        Assert.Equal(typeof(KeyRingXmlDecryptor), wrapped.DecryptorType);
        Assert.DoesNotContain("c2VjcmV0", wrapped.EncryptedElement.ToString(), StringComparison.Ordinal);
        Assert.True(XNode.DeepEquals(masterKey, opened));
    }

    [Fact]
    public void An_altered_wrapped_key_fails_its_integrity_check()
    {
        var kek = NewKek();
        var wrapped = new KeyRingXmlEncryptor(KeyEncryptionKey.Parse(kek)).Encrypt(new XElement("masterKey", new XElement("value", "c2VjcmV0"))).EncryptedElement;
        var ciphertext = Convert.FromBase64String(wrapped.Element("ciphertext")!.Value);
        ciphertext[0] ^= 1;
        wrapped.Element("ciphertext")!.Value = Convert.ToBase64String(ciphertext);

        var e = Assert.Throws<KeyRingEncryptionException>(() => Decryptor((Kek, kek)).Decrypt(wrapped));

        Assert.Contains("failed its integrity check", e.Message, StringComparison.Ordinal);
    }

    private static string NewKek() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static string IdOf(string kek) => KeyEncryptionKey.Parse(kek).Id;

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
        services.AddDataProtection().ProtectKeysWithConfiguredKeyEncryptionKey();
        return services.BuildServiceProvider();
    }

    private static KeyEncryptionKeys Keys(params (string Key, string Value)[] settings) =>
        Services(settings).GetRequiredService<KeyEncryptionKeys>();

    /// <summary>Made the way Data Protection makes it: by type, through the constructor taking the services.</summary>
    private static KeyRingXmlDecryptor Decryptor(params (string Key, string Value)[] settings) =>
        (KeyRingXmlDecryptor)Activator.CreateInstance(typeof(KeyRingXmlDecryptor), Services(settings))!;
}
