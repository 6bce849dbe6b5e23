namespace CrisisComms.Platform.Hosting;

/// <summary>
/// A setting is missing or wrong. The host prints <see cref="Exception.Message"/> as one line naming
/// <see cref="Key"/> and exits, instead of failing later at 3 a.m.
/// </summary>
public sealed class ConfigurationException(string key, string problem)
    : Exception($"configuration error: {key}: {problem}")
{
    public string Key { get; } = key;
}
