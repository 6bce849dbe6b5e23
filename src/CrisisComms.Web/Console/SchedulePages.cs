using Microsoft.AspNetCore.Builder;
using CrisisComms.Platform.Security;
using CrisisComms.Web.Api;
using CrisisComms.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

internal sealed class ScheduleForm
{
    public string? IncidentId { get; init; }

    public string? Kind { get; init; }

    public string? DueAt { get; init; }

    public string? DraftId { get; init; }

    public string? Note { get; init; }

    public string? Routine { get; init; }
}

internal sealed class CrisisSwitchForm
{
    public string? On { get; init; }

    public string? Reason { get; init; }
}

/// <summary>Scheduled updates and reminders, and the crisis switch that holds routine posts.</summary>
internal static class SchedulePages
{
    public static void MapSchedulePages(this RouteGroupBuilder console)
    {
        console.MapGet("/schedules", ListAsync);
        console.MapPost("/schedules", async ([FromForm] ScheduleForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
        {
            var kind = form.Kind == "Post" ? "Post" : "Reminder";
            var result = await drafting.ScheduleAsync(
                Guid.TryParse(form.IncidentId, out var incident) ? incident : null, kind, Ui.ParseLocal(form.DueAt, page.Clock),
                Guid.TryParse(form.DraftId, out var draft) ? draft : null, string.IsNullOrWhiteSpace(form.Note) ? null : form.Note, form.Routine == "true", ct);
            return Ui.Outcome(page, result, "/console/schedules", kind == "Post" ? "Post scheduled." : "Reminder scheduled.");
        });
        console.MapPost("/schedules/{id:guid}/cancel", async (Guid id, IFormCollection form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.CancelScheduleAsync(id, ct), "/console/schedules", "Cancelled."));
        console.MapPost("/schedules/{id:guid}/release", async (Guid id, IFormCollection form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
            Ui.Outcome(page, await drafting.ReleaseScheduleAsync(id, ct), "/console/schedules", "Released: it goes out now."));
        console.MapPost("/crisis-switch", async ([FromForm] CrisisSwitchForm form, PageKit page, DraftingApi drafting, CancellationToken ct) =>
        {
            var on = form.On == "true";
            return Ui.Outcome(page, await drafting.CrisisSwitchAsync(on, form.Reason, ct), "/console/schedules",
                on ? "Crisis switch on: routine posts are held." : "Crisis switch off: routine posts go out again.");
        });
    }

    private static async Task<IResult> ListAsync(PageKit page, DraftingApi drafting, CancellationToken ct)
    {
        var schedules = await drafting.SchedulesAsync(ct);
        var organisation = await drafting.OrganisationAsync(ct);
        var incidents = await drafting.IncidentsAsync(ct);
        var open = incidents.Ok ? incidents.Value!.Where(i => i.Status != "Closed").ToList() : [];
        var rows = schedules.Ok
            ? Join(schedules.Value!.OrderBy(s => s.DueAt), s =>
            {
                var action = s.Status switch
                {
                    "Pending" => page.Button($"/console/schedules/{s.Id}/cancel", "Cancel", "secondary"),
                    "Held" => H($"{page.Button($"/console/schedules/{s.Id}/release", "Send now")} {page.Button($"/console/schedules/{s.Id}/cancel", "Cancel", "secondary")}"),
                    _ => Empty,
                };
                var incident = open.FirstOrDefault(i => i.Id == s.IncidentId)?.Title;
                return H($"<tr><td data-label=\"Due\">{page.Clock.Time(s.DueAt)}</td><td data-label=\"What\">{s.Kind}{(s.Routine ? " (routine)" : string.Empty)}{(s.DraftId is { } d ? H($" <a href=\"/console/drafts/{d}\">draft</a>") : Empty)}</td><td data-label=\"Incident\">{incident}</td><td data-label=\"Note\">{s.Note}</td><td data-label=\"Status\">{Ui.Status(s.Status)}{(s.Outcome is { } o ? H($" <span class=\"muted\">{o}</span>") : Empty)}</td><td>{action}</td></tr>");
            })
            : Ui.Unavailable("Schedules", schedules.Refusal!);
        var approver = page.User.IsInRole(Roles.Approver) || page.User.IsInRole(Roles.Admin);
        var crisis = organisation.Ok
            ? organisation.Value!.CrisisSwitchOn
                ? H($"<p class=\"alert\"><strong>Crisis switch is ON</strong>: routine scheduled posts are held. Turned on by {organisation.Value.CrisisSwitchBy} {page.Clock.Time(organisation.Value.CrisisSwitchAt)}: {organisation.Value.CrisisSwitchReason}</p>{When(approver, page.Form("/console/crisis-switch", H($"{Hidden("on", "false")}{Input("reason", "Reason", null, required: true, id: "crisis-off-reason")}<div><button type=\"submit\" class=\"secondary\">Turn the crisis switch off</button></div>"), "stack"))}")
                : H($"<p>Crisis switch is off: routine posts go out as scheduled.</p>{When(approver, page.Form("/console/crisis-switch", H($"{Hidden("on", "true")}{Input("reason", "Reason", null, required: true, id: "crisis-on-reason")}<div><button type=\"submit\" class=\"danger\">Turn the crisis switch on (hold routine posts)</button></div>"), "stack"))}")
            : Ui.Unavailable("The crisis switch", organisation.Refusal!);
        var form = page.Form("/console/schedules", H($"""
            {Select("incidentId", "Incident", new[] { (string.Empty, "— none (organisation-wide)") }.Concat(open.Select(i => (i.Id.ToString(), i.Title))))}
            {Select("kind", "What", [("Reminder", "A reminder to the duty officer"), ("Post", "Publish a saved draft")])}
            {Input("dueAt", "When", Ui.LocalInput(page.Clock.Now.AddHours(1), page.Clock), "datetime-local", required: true)}
            {Input("draftId", "Draft id (to publish a draft)", null, hint: "From the draft's page address")}
            {Input("note", "Note", null)}
            <div class="choices"><label><input type="checkbox" name="routine" value="true"> Routine (business as usual: held while the crisis switch is on)</label></div>
            <div><button type="submit">Schedule</button></div>
            """), "stack", "Schedule a post or reminder");
        return page.Render("Schedules", H($"""
            <h1>Schedules and the crisis switch</h1>
            <section id="crisis" data-live-region aria-labelledby="crisis-h"><h2 id="crisis-h">Crisis switch</h2>{crisis}</section>
            <section id="schedules" data-live-region aria-labelledby="schedules-h"><h2 id="schedules-h">Scheduled</h2>
            <div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">Due</th><th scope="col">What</th><th scope="col">Incident</th><th scope="col">Note</th><th scope="col">Status</th><th scope="col">Action</th></tr></thead><tbody>{rows}</tbody></table></div></section>
            <h2>Schedule something</h2>
            {form}
            """), live: "staff:incidents,posts,drafts");
    }
}
