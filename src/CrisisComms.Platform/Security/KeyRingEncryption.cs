using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CrisisComms.Platform.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Security;

/// <summary>
/// The Data Protection key ring encrypted at rest: each key's secret (<c>&lt;masterKey&gt;</c>) is wrapped
/// with AES-256-GCM under the key-encryption key from <c>CrisisComms:DataProtection:KeyEncryptionKey</c>,
/// so a dump of <c>platform.data_protection_keys</c> gives away neither channel credentials nor the
/// power to forge API tokens and session cookies.
/// </summary>
internal static partial class KeyRingEncryption
{
    /// <summary>Data Protection wraps a key's secret in this element and names the decryptor on it.</summary>
    private static readonly XName EncryptedSecret = XName.Get("encryptedSecret", "http://schemas.asp.net/2015/03/dataProtection");
    private static readonly XName KeyElement = "key";

    /// <summary>Binds settings, validation at start-up, and the encryptor when a KEK is configured.</summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredKeyEncryptionKey(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<IValidateOptions<KeyRingEncryptionSettings>, KeyRingEncryptionSettings.Validator>();
        services.AddOptions<KeyRingEncryptionSettings>()
            .Configure<IConfiguration>(KeyRingEncryptionSettings.Read)
            .ValidateOnStart();
        services.AddSingleton<KeyEncryptionKeys>();
        services.AddOptions<KeyManagementOptions>().Configure<KeyEncryptionKeys>((options, keys) =>
        {
            // Without a KEK keys stay plain XML, as before (the start-up check says so in the log).
            if (keys.Current is { } current)
            {
                options.XmlEncryptor = new KeyRingXmlEncryptor(current);
            }
        });
        return builder;
    }

    /// <summary>
    /// At start-up, before the first key is made: every key this process could protect with must open
    /// with a KEK it holds. Otherwise Data Protection would find no usable default key and write a new
    /// one of its own into the shared ring (wrapped with the wrong KEK), splitting the replicas.
    /// </summary>
    public static void CheckKeyRing(IServiceProvider services, IReadOnlyCollection<IKey> keys, DateTimeOffset now)
    {
        var kek = services.GetRequiredService<KeyEncryptionKeys>();
        var settings = services.GetRequiredService<PlatformSettings>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingEncryption).FullName!);
        var repository = services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository;
        var wrapping = repository is null ? [] : WrappingOf(repository.GetAllElements());

        var unencrypted = 0;
        foreach (var key in keys.Where(k => !k.IsRevoked).OrderBy(k => k.ActivationDate))
        {
            if (!wrapping.TryGetValue(key.KeyId, out var kekId) || kekId is null)
            {
                unencrypted++;
                continue;
            }

            if (kek.Find(kekId) is not null)
            {
                continue;
            }

            if (key.ExpirationDate > now)
            {
                throw new ConfigurationException(
                    KeyRingEncryptionSettings.KeyEncryptionKeySetting,
                    $"key {key.KeyId} of the Data Protection key ring is wrapped with key-encryption key {kekId}, which is missing " +
                    $"({kek.Describe()}): configure the KEK it was written with, as {KeyRingEncryptionSettings.KeyEncryptionKeySetting} " +
                    $"or in {KeyRingEncryptionSettings.PreviousKeyEncryptionKeysSetting}");
            }

            LogExpiredKeyUnreadable(logger, key.KeyId, key.ExpirationDate, kekId, KeyRingEncryptionSettings.PreviousKeyEncryptionKeysSetting);
        }

        if (kek.Current is { } current)
        {
            LogWrapped(logger, current.Id, kek.Previous.Count, unencrypted);
        }
        else if (settings.IsEmbedded)
        {
            LogUnencryptedEmbedded(logger, KeyRingEncryptionSettings.KeyEncryptionKeySetting);
        }
        else
        {
            LogUnencryptedExternal(logger, KeyRingEncryptionSettings.KeyEncryptionKeySetting);
        }
    }

    /// <summary>Key id → the KEK id its secret is wrapped with (null: stored unencrypted, or by another encryptor).</summary>
    private static Dictionary<Guid, string?> WrappingOf(IEnumerable<XElement> elements)
    {
        var wrapping = new Dictionary<Guid, string?>();
        foreach (var element in elements.Where(e => e.Name == KeyElement))
        {
            if (Guid.TryParse((string?)element.Attribute("id"), out var id))
            {
                wrapping[id] = element.Descendants(EncryptedSecret)
                    .Select(s => s.Element(KeyRingXmlEncryptor.WrappedKey)?.Attribute(KeyRingXmlEncryptor.KekAttribute)?.Value)
                    .FirstOrDefault(k => k is not null);
            }
        }

        return wrapping;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys are wrapped at rest with key-encryption key {KekId} ({Previous} previous KEK(s) kept for reading); {Unencrypted} key(s) written before a KEK was set stay unencrypted")]
    private static partial void LogWrapped(ILogger logger, string kekId, int previous, int unencrypted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys are stored unencrypted in the embedded database; set {Setting} to encrypt them at rest")]
    private static partial void LogUnencryptedEmbedded(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys are stored unencrypted in PostgreSQL: a database dump gives away channel credentials and the power to forge API tokens. Set {Setting} (openssl rand -base64 32) to encrypt them at rest")]
    private static partial void LogUnencryptedExternal(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expired Data Protection key {KeyId} (expired {Expired}) is wrapped with key-encryption key {KekId}, which is not configured: data protected with it (older channel credentials) cannot be read until that KEK is back in {Setting}")]
    private static partial void LogExpiredKeyUnreadable(ILogger logger, Guid keyId, DateTimeOffset expired, string kekId, string setting);
}

/// <summary>A key's XML could not be unwrapped: its KEK is missing, or the stored ciphertext was altered.</summary>
internal sealed class KeyRingEncryptionException(string kekId, string message, Exception? inner = null)
    : CryptographicException(message, inner)
{
    public string KekId { get; } = kekId;
}

/// <summary>
/// Wraps the secret part of a new key (Data Protection hands over only the element marked
/// <c>requiresEncryption</c>, i.e. <c>&lt;masterKey&gt;</c>) with AES-256-GCM under the current KEK.
/// </summary>
internal sealed class KeyRingXmlEncryptor(KeyEncryptionKey kek) : IXmlEncryptor
{
    internal const string Algorithm = "AES-256-GCM";
    internal static readonly XName WrappedKey = "wrappedKey";
    internal static readonly XName KekAttribute = "kek";
    internal const int NonceSize = 12;
    internal const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(NonceSize);
            var ciphertext = new byte[plaintext.Length];
            var tag = new byte[TagSize];
            using (var aes = new AesGcm(kek.Key, TagSize))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(kek.Id));
            }

            // <wrappedKey kek="1f2e3d4c5b6a7988" algorithm="AES-256-GCM"> nonce, ciphertext, tag </wrappedKey>
            var wrapped = new XElement(WrappedKey,
                new XAttribute(KekAttribute, kek.Id),
                new XAttribute("algorithm", Algorithm),
                new XComment($" Wrapped with the key-encryption key {kek.Id} (CrisisComms:DataProtection). "),
                new XElement("nonce", Convert.ToBase64String(nonce)),
                new XElement("ciphertext", Convert.ToBase64String(ciphertext)),
                new XElement("tag", Convert.ToBase64String(tag)));
            return new EncryptedXmlInfo(wrapped, typeof(KeyRingXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The KEK id is authenticated with the ciphertext, so the label cannot be swapped unnoticed.</summary>
    internal static byte[] AssociatedData(string kekId) => Encoding.UTF8.GetBytes($"CrisisComms.KeyRing.v1:{kekId}");
}

/// <summary>
/// Unwraps what <see cref="KeyRingXmlEncryptor"/> wrapped, with whichever configured KEK the element
/// names. Data Protection creates it from the type name stored in each encrypted key (through its
/// public constructor taking <see cref="IServiceProvider"/>): never rename or move this type.
/// </summary>
internal sealed class KeyRingXmlDecryptor : IXmlDecryptor
{
    private readonly KeyEncryptionKeys? _keys;

    public KeyRingXmlDecryptor(IServiceProvider services) => _keys = services?.GetService<KeyEncryptionKeys>();

    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var kekId = encryptedElement.Attribute(KeyRingXmlEncryptor.KekAttribute)?.Value;
        if (encryptedElement.Name != KeyRingXmlEncryptor.WrappedKey || kekId is null)
        {
            throw new CryptographicException($"Not a key wrapped by {nameof(KeyRingXmlEncryptor)} (element <{encryptedElement.Name}>).");
        }

        if (_keys is null)
        {
            throw new KeyRingEncryptionException(kekId, $"Data Protection key wrapped with key-encryption key {kekId} cannot be opened: the decryptor was created without the application's services.");
        }

        var kek = _keys.Find(kekId) ?? throw new KeyRingEncryptionException(
            kekId,
            $"Data Protection key wrapped with key-encryption key {kekId} cannot be opened: that KEK is missing ({_keys.Describe()}). " +
            $"Configure the KEK it was written with, as {KeyRingEncryptionSettings.KeyEncryptionKeySetting} or in {KeyRingEncryptionSettings.PreviousKeyEncryptionKeysSetting}.");

        var algorithm = encryptedElement.Attribute("algorithm")?.Value;
        if (algorithm != KeyRingXmlEncryptor.Algorithm)
        {
            throw new KeyRingEncryptionException(kekId, $"Data Protection key wrapped with key-encryption key {kekId} uses algorithm '{algorithm}', expected {KeyRingXmlEncryptor.Algorithm}.");
        }

        byte[] nonce, ciphertext, tag;
        try
        {
            nonce = Convert.FromBase64String(encryptedElement.Element("nonce")?.Value ?? string.Empty);
            ciphertext = Convert.FromBase64String(encryptedElement.Element("ciphertext")?.Value ?? string.Empty);
            tag = Convert.FromBase64String(encryptedElement.Element("tag")?.Value ?? string.Empty);
        }
        catch (FormatException e)
        {
            throw new KeyRingEncryptionException(kekId, $"Data Protection key wrapped with key-encryption key {kekId} is damaged (not base64).", e);
        }

        if (nonce.Length != KeyRingXmlEncryptor.NonceSize || tag.Length != KeyRingXmlEncryptor.TagSize)
        {
            throw new KeyRingEncryptionException(kekId, $"Data Protection key wrapped with key-encryption key {kekId} is damaged (nonce or tag of the wrong size).");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(kek.Key, KeyRingXmlEncryptor.TagSize))
            {
                aes.Decrypt(nonce, ciphertext, tag, plaintext, KeyRingXmlEncryptor.AssociatedData(kekId));
            }

            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new KeyRingEncryptionException(kekId, $"Data Protection key wrapped with key-encryption key {kekId} failed its integrity check: the stored XML was altered, or a different key carries the same id.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
