using Microsoft.AspNetCore.Builder;
using System.Globalization;
using CrisisComms.Web.Api;
using CrisisComms.Web.Pages;
using Microsoft.AspNetCore.Http;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

/// <summary>Small pieces the console pages share.</summary>
internal static class Ui
{
    public static readonly (string Value, string Text)[] Channels =
    [
        ("x", "X"), ("facebook", "Facebook"), ("sms", "SMS"), ("email", "Email"), ("telegram", "Telegram"), ("web", "Web page"), ("cap", "CAP feed"), ("webhook", "Webhooks"),
    ];

    public static readonly (string Value, string Text)[] Severities = [("Minor", "Minor"), ("Moderate", "Moderate"), ("Major", "Major"), ("Critical", "Critical")];

    public static readonly (string Value, string Text)[] Kinds =
        [("Initial", "Initial"), ("Update", "Update"), ("Correction", "Correction"), ("Retraction", "Retraction"), ("AllClear", "All clear")];

    /// <summary>Redirect back with the owning service's words when it refused.</summary>
    public static IResult Outcome<T>(PageKit page, ApiResult<T> result, string to, string ok) =>
        result.Ok ? page.Done(to, ok) : page.Done(to, Describe(result.Refusal!), "error");

    public static string Describe(ApiRefusal refusal) =>
        refusal.NotOffered
            ? "This server's service does not offer that yet."
            : refusal.Errors.Count == 0 ? refusal.Message : $"{refusal.Message} ({string.Join("; ", refusal.Errors)})";

    /// <summary>A section that says why it could not be shown instead of the section.</summary>
    public static Html Unavailable(string what, ApiRefusal refusal) =>
        H($"<p class=\"flash warn\">{what} not available: {Describe(refusal)}</p>");

    public static Html Status(string status) => H($"<span class=\"s-{status.ToLowerInvariant()}\">{Spaced(status)}</span>");

    public static Html Priority(string priority) => H($"<span class=\"p-{priority.ToLowerInvariant()}\">{priority}</span>");

    public static string Spaced(string pascal) => string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(pascal[i - 1]) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>A datetime-local value typed in the organisation's zone, as an instant.</summary>
    public static DateTimeOffset? ParseLocal(string? value, Clock clock)
    {
        if (!DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), clock.Zone), TimeSpan.Zero);
    }

    public static string LocalInput(DateTimeOffset at, Clock clock) => clock.Local(at).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
}
