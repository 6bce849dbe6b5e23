using CrisisComms.Platform.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrisisComms.OnCall;

/// <summary>Collects field errors of a request and answers them as one RFC 7807 validation problem.</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Ok => _errors.Count == 0;

    public Validation Add(string field, string problem)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(problem);
        return this;
    }

    public Validation Check(bool condition, string field, string problem) => condition ? this : Add(field, problem);

    /// <summary>A required name-like text of 1..<paramref name="max"/> characters.</summary>
    public Validation Text(string? value, string field, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(field, $"is required (1 to {max} characters)") : this;
        }

        return value.Length > max ? Add(field, $"is at most {max} characters") : this;
    }

    public ProblemHttpResult Problem() => ApiProblems.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
