using System.Globalization;
using System.Text;

namespace CrisisComms.Drafting.Incidents;

/// <summary>Incident hashtags: <c>#&lt;Prefix&gt;&lt;Name&gt;</c>, the name in CamelCase.</summary>
internal static class Hashtags
{
    public static string Compose(string prefix, string name)
    {
        var camel = new StringBuilder();
        foreach (var word in name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length > 0)
            {
                camel.Append(char.ToUpper(letters[0], CultureInfo.InvariantCulture)).Append(letters.AsSpan(1));
            }
        }

        return $"#{prefix}{camel}";
    }
}
