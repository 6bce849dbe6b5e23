using System.Text;
using System.Text.Json;
using CrisisComms.Testing.Hosts;
using Xunit;

namespace CrisisComms.Platform.Tests.Signatures;

/// <summary>
/// The published vectors, read in place from <c>../shared/specs</c>. Theories get the vector's id as their
/// only argument (so each vector is its own test case, named by its id) and look the vector up here.
/// Ids that repeat in a file get <c> #2</c>, <c> #3</c>… appended.
/// </summary>
internal static class SignatureVectors
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> OAuth1Vectors =
        new(() => Load("oauth1", "oauth1-test-vectors.json"));

    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> WebhookVectors =
        new(() => Load("webhooks", "webhook-signature-vectors.json"));

    public static JsonElement OAuth1(string id) => OAuth1Vectors.Value[id];

    public static JsonElement Webhook(string id) => WebhookVectors.Value[id];

    public static TheoryData<string> OAuth1Ids(Func<JsonElement, bool> where) => Ids(OAuth1Vectors.Value, where);

    public static TheoryData<string> WebhookIds(Func<JsonElement, bool> where) => Ids(WebhookVectors.Value, where);

    /// <summary>The ids in a theory's data, for checks that every vector is exercised by some theory.</summary>
    public static IReadOnlyList<string> Names(this TheoryData<string> data) =>
        ((IEnumerable<object[]>)data).Select(row => (string)row[0]).ToList();

    public static string String(this JsonElement vector, string property) => vector.GetProperty(property).GetString()!;

    public static string? OptionalString(this JsonElement vector, string property) =>
        vector.TryGetProperty(property, out var value) ? value.GetString() : null;

    public static bool Has(this JsonElement vector, string property) => vector.TryGetProperty(property, out _);

    public static byte[] Utf8(this JsonElement vector, string property) => Encoding.UTF8.GetBytes(vector.String(property));

    /// <summary>A JSON object of strings (<c>params</c>) or a list of [name, value] pairs (<c>params_list_decoded</c>).</summary>
    public static List<KeyValuePair<string, string>> Pairs(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList()
            : element.EnumerateArray().Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)).ToList();

    private static TheoryData<string> Ids(IReadOnlyDictionary<string, JsonElement> vectors, Func<JsonElement, bool> where)
    {
        var ids = new TheoryData<string>();
        foreach (var (id, vector) in vectors)
        {
            if (where(vector))
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    private static IReadOnlyDictionary<string, JsonElement> Load(params string[] path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Shared(["specs", .. path])));
        var vectors = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            var id = vector.String("id");
            var unique = id;
            for (var n = 2; vectors.ContainsKey(unique); n++)
            {
                unique = $"{id} #{n}";
            }

            vectors.Add(unique, vector.Clone());
        }

        return vectors;
    }
}
