using System.Globalization;
using System.Text.Json;

namespace CrisisComms.Monitoring.Sources;

/// <summary>An account's settings and decrypted credentials, as a source reads them for one poll or delivery.</summary>
internal sealed class SourceAccountView(string key, string type, JsonElement settings, IReadOnlyDictionary<string, string> secrets)
{
    public string Key => key;

    public string Type => type;

    public JsonElement Settings => settings;

    public IReadOnlyDictionary<string, string> Secrets => secrets;

    public string? Setting(string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public string Setting(string name, string fallback) => Setting(name) is { Length: > 0 } value ? value : fallback;

    public string RequiredSetting(string name) =>
        Setting(name) is { Length: > 0 } value ? value : throw new SourceConfigurationException($"{key}: setting '{name}' is not set");

    public int Number(string name, int fallback, int min, int max)
    {
        var text = Setting(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new SourceConfigurationException($"{key}: setting '{name}' must be a whole number from {min} to {max}");
    }

    public IReadOnlyList<string> List(string name) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!.Trim()).Where(v => v.Length > 0).ToList()
            : [];

    public string? SecretOrNull(string name) => secrets.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public string Secret(string name) =>
        SecretOrNull(name) ?? throw new SourceConfigurationException($"{key}: credential '{name}' is not set");

    /// <summary>The base URL setting with one trailing slash, so relative paths append.</summary>
    public Uri BaseUrl(string fallback)
    {
        var text = Setting("baseUrl", fallback).TrimEnd('/') + "/";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new SourceConfigurationException($"{key}: setting 'baseUrl' is not an http(s) URL");
    }
}
