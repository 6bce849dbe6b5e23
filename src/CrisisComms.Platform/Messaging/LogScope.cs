using System.Collections;
using System.Globalization;

namespace CrisisComms.Platform.Messaging;

/// <summary>
/// Log scope of a consumed message: structured properties for the JSON log (MessageId, IncidentId…),
/// and a short readable form for the text log.
/// </summary>
internal sealed class LogScope(IReadOnlyList<KeyValuePair<string, object?>> properties) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => properties.Count;

    public KeyValuePair<string, object?> this[int index] => properties[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(" ", properties.Where(p => p.Value is not null).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}:{p.Value}")));
}
