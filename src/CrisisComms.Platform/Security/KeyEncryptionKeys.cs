using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Security;

/// <summary>
/// <c>CrisisComms:DataProtection</c>: the key-encryption keys (KEKs) that wrap the Data Protection key
/// ring at rest. Each is base64 of 32 random bytes (<c>openssl rand -base64 32</c>). New keys are wrapped
/// with <see cref="KeyEncryptionKey"/>; <see cref="PreviousKeyEncryptionKeys"/> (an array, or one
/// comma-separated value) are only tried for reading keys wrapped before a rotation.
/// </summary>
internal sealed class KeyRingEncryptionSettings
{
    public const string Section = "CrisisComms:DataProtection";
    public const string KeyEncryptionKeySetting = Section + ":KeyEncryptionKey";
    public const string PreviousKeyEncryptionKeysSetting = Section + ":PreviousKeyEncryptionKeys";

    public string? KeyEncryptionKey { get; set; }

    public IReadOnlyList<string> PreviousKeyEncryptionKeys { get; set; } = [];

    /// <summary>Reads the section by hand: a comma list is one value, an array is children; blank means unset.</summary>
    public static void Read(KeyRingEncryptionSettings settings, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var current = section["KeyEncryptionKey"];
        settings.KeyEncryptionKey = string.IsNullOrWhiteSpace(current) ? null : current.Trim();
        var previous = section.GetSection("PreviousKeyEncryptionKeys");
        var values = (previous.Value ?? string.Empty).Split(',')
            .Concat(previous.GetChildren().Select(c => c.Value ?? string.Empty));
        settings.PreviousKeyEncryptionKeys = [.. values.Select(v => v.Trim()).Where(v => v.Length > 0)];
    }

    /// <summary>Each failure names its key and never repeats the value (it is a secret).</summary>
    internal sealed class Validator : IValidateOptions<KeyRingEncryptionSettings>
    {
        public ValidateOptionsResult Validate(string? name, KeyRingEncryptionSettings options)
        {
            var failures = new List<string>();
            if (options.KeyEncryptionKey is { } current && Security.KeyEncryptionKey.Problem(current) is { } problem)
            {
                failures.Add($"{KeyEncryptionKeySetting}: {problem}");
            }

            for (var i = 0; i < options.PreviousKeyEncryptionKeys.Count; i++)
            {
                if (Security.KeyEncryptionKey.Problem(options.PreviousKeyEncryptionKeys[i]) is { } previousProblem)
                {
                    failures.Add($"{PreviousKeyEncryptionKeysSetting}: entry {i + 1} {previousProblem}");
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

/// <summary>One KEK: 32 bytes for AES-256-GCM, named by the first 8 bytes of its SHA-256 (hex).</summary>
internal sealed class KeyEncryptionKey
{
    public const int Size = 32;
    private const string Generate = "(generate one with: openssl rand -base64 32)";

    private KeyEncryptionKey(byte[] key)
    {
        Key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    /// <summary>Safe to log and to store beside the ciphertext: it names the key without revealing it.</summary>
    public string Id { get; }

    public byte[] Key { get; }

    public static KeyEncryptionKey Parse(string base64) =>
        Problem(base64) is { } problem
            ? throw new FormatException(problem)
            : new KeyEncryptionKey(Convert.FromBase64String(base64.Trim()));

    /// <summary>What is wrong with a configured value, or null when it is a usable key.</summary>
    public static string? Problem(string base64)
    {
        var text = base64.Trim();
        var buffer = new byte[text.Length];
        try
        {
            if (!Convert.TryFromBase64String(text, buffer, out var length))
            {
                return $"is not base64 {Generate}";
            }

            return length == Size ? null : $"is {length} bytes, must be {Size} {Generate}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}

/// <summary>The KEKs this process holds: the current one (may be absent) and those kept for reading.</summary>
internal sealed class KeyEncryptionKeys
{
    public KeyEncryptionKeys(IOptions<KeyRingEncryptionSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var value = settings.Value;
        Current = value.KeyEncryptionKey is { } current ? KeyEncryptionKey.Parse(current) : null;
        Previous = [.. value.PreviousKeyEncryptionKeys.Select(KeyEncryptionKey.Parse)];
    }

    public KeyEncryptionKey? Current { get; }

    public IReadOnlyList<KeyEncryptionKey> Previous { get; }

    public KeyEncryptionKey? Find(string id) =>
        Current?.Id == id ? Current : Previous.FirstOrDefault(k => k.Id == id);

    /// <summary>For error messages: which KEK ids this process has.</summary>
    public string Describe()
    {
        var held = new List<string>();
        if (Current is not null)
        {
            held.Add($"{Current.Id} ({KeyRingEncryptionSettings.KeyEncryptionKeySetting})");
        }

        held.AddRange(Previous.Select(k => $"{k.Id} ({KeyRingEncryptionSettings.PreviousKeyEncryptionKeysSetting})"));
        return held.Count == 0
            ? $"this process has none: {KeyRingEncryptionSettings.KeyEncryptionKeySetting} is not set"
            : $"this process has {string.Join(", ", held)}";
    }
}
