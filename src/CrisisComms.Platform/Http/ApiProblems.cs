using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CrisisComms.Platform.Http;

/// <summary>RFC 7807 problem details with a stable <c>type</c> per kind of error.</summary>
public static class ApiProblems
{
    public const string TypePrefix = "urn:crisiscomms:problem:";

    /// <summary>One or more fields are wrong; each key names the field.</summary>
    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Type = TypePrefix + "validation",
            Title = "The request has invalid fields.",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail ?? string.Join(" ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))),
        });

    public static ProblemHttpResult Validation(string field, string problem) =>
        Validation(new Dictionary<string, string[]> { [field] = [problem] });

    public static ProblemHttpResult NotFound(string what, object id) => Problem(
        StatusCodes.Status404NotFound, "not-found", $"{what} not found.", $"No {what.ToLowerInvariant()} has id '{id}'.");

    public static ProblemHttpResult Conflict(string type, string title, string detail) =>
        Problem(StatusCodes.Status409Conflict, type, title, detail);

    public static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: TypePrefix + type);
}
