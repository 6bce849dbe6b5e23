using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Pages;

/// <summary>Labelled form controls (every input has a visible label; hints are tied with aria-describedby).</summary>
internal static class Forms
{
    public static Html Input(string name, string label, string? value = null, string type = "text", string? hint = null, string? autocomplete = null, bool required = false, string? id = null, string? extra = null)
    {
        id ??= name;
        var hintHtml = hint is null ? Empty : H($"<span class=\"hint\" id=\"{id}-hint\">{hint}</span>");
        var described = hint is null ? Empty : H($" aria-describedby=\"{id}-hint\"");
        var auto = autocomplete is null ? Empty : H($" autocomplete=\"{autocomplete}\"");
        return H($"<div><label for=\"{id}\">{label}{hintHtml}</label><input type=\"{type}\" id=\"{id}\" name=\"{name}\" value=\"{value}\"{described}{auto}{When(required, Raw(" required"))}{(extra is null ? Empty : Raw(" " + extra))}></div>");
    }

    public static Html TextArea(string name, string label, string? value = null, string? hint = null, bool required = false, int rows = 6)
    {
        var hintHtml = hint is null ? Empty : H($"<span class=\"hint\" id=\"{name}-hint\">{hint}</span>");
        var described = hint is null ? Empty : H($" aria-describedby=\"{name}-hint\"");
        return H($"<div><label for=\"{name}\">{label}{hintHtml}</label><textarea id=\"{name}\" name=\"{name}\" rows=\"{rows}\"{described}{When(required, Raw(" required"))}>{value}</textarea></div>");
    }

    public static Html Select(string name, string label, IEnumerable<(string Value, string Text)> options, string? selected = null, string? hint = null)
    {
        var hintHtml = hint is null ? Empty : H($"<span class=\"hint\">{hint}</span>");
        var items = Join(options, o => H($"<option value=\"{o.Value}\"{When(o.Value == selected, Raw(" selected"))}>{o.Text}</option>"));
        return H($"<div><label for=\"{name}\">{label}{hintHtml}</label><select id=\"{name}\" name=\"{name}\">{items}</select></div>");
    }

    public static Html Checkboxes(string name, string legend, IEnumerable<(string Value, string Text)> options, IReadOnlyCollection<string> chosen) =>
        H($"<fieldset><legend>{legend}</legend><div class=\"choices\">{Join(options, o => H($"<label><input type=\"checkbox\" name=\"{name}\" value=\"{o.Value}\"{When(chosen.Contains(o.Value), Raw(" checked"))}> {o.Text}</label>"))}</div></fieldset>");

    public static Html Hidden(string name, string? value) => H($"<input type=\"hidden\" name=\"{name}\" value=\"{value}\">");

    /// <summary>Errors from a refused form, as a summary linked to nothing (the fields say the rest).</summary>
    public static Html Errors(IReadOnlyCollection<string> errors) => errors.Count == 0
        ? Empty
        : H($"<div class=\"alert\" role=\"alert\"><p><strong>There is a problem</strong></p><ul>{Join(errors, e => H($"<li>{e}</li>"))}</ul></div>");

    /// <summary>A path on this site only (a return address must never send someone elsewhere).</summary>
    public static string LocalPath(string? candidate, string fallback) =>
        candidate is { Length: > 0 } path && path[0] == '/' && (path.Length == 1 || (path[1] != '/' && path[1] != '\\')) && !path.Contains("://", StringComparison.Ordinal)
            ? path
            : fallback;
}
