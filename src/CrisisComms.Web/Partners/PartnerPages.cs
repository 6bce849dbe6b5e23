using CrisisComms.Platform.Security;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Dashboard;
using CrisisComms.Web.Pages;
using CrisisComms.Web.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Partners;

internal sealed class JoinForm
{
    public string? Secret { get; init; }

    public string? Name { get; init; }

    public string? Email { get; init; }
}

/// <summary>The partner dashboard (read-only, live, one incident at a time) and the invite link's exchange.</summary>
internal static class PartnerPages
{
    public static void MapPartnerPages(this IEndpointRouteBuilder app)
    {
        var partner = app.MapGroup("/partner").ExcludeFromDescription();
        partner.MapGet("/", ListAsync).RequireAuthorization(p => p.RequireRole(Roles.Partner, Roles.Officer, Roles.Approver, Roles.Admin));
        partner.MapGet("/incidents/{id:guid}", DashboardAsync).RequireAuthorization(p => p.RequireRole(Roles.Partner, Roles.Officer, Roles.Approver, Roles.Admin));
        partner.MapGet("/join/{secret}", JoinPageAsync).AllowAnonymous();
        partner.MapPost("/join", JoinAsync).AllowAnonymous();
    }

    private static async Task<IResult> ListAsync(PageKit page, WebDbContext db, CancellationToken ct)
    {
        var visible = await IncidentAccess.VisibleAsync(db, page.Context.User, ct);
        var query = db.Incidents.AsNoTracking();
        if (visible is not null)
        {
            query = query.Where(i => visible.Contains(i.IncidentId));
        }

        var incidents = await query.OrderByDescending(i => i.OpenedAt).Take(100).ToListAsync(ct);
        var rows = Join(incidents, i => H($"<li><a href=\"/partner/incidents/{i.IncidentId}\">{i.Title}</a> {i.Hashtag} · <span class=\"s-{i.Status.ToLowerInvariant()}\">{DashboardView.Describe(i.Status)}</span> · next update {page.Clock.Time(i.NextUpdateDue)}</li>"));
        return page.Render("Your incidents", H($"""
            <h1>Your incidents</h1>
            {(incidents.Count == 0 ? H($"<p>You have no incidents to follow now. Access ends when an incident closes or an officer withdraws it; ask the duty officer for a new invite if you need one.</p>") : H($"<ul>{rows}</ul>"))}
            """));
    }

    private static async Task<IResult> DashboardAsync(Guid id, PageKit page, WebDbContext db, DashboardView view, CancellationToken ct)
    {
        // Not allowed and not there look the same: a partner learns nothing about other incidents.
        if (!await IncidentAccess.CanSeeAsync(db, page.Context.User, id, ct) || await view.IncidentAsync(id, ct) is not { } incident)
        {
            return page.Render("Not found", H($"<h1>Not found</h1><p>There is no incident here for you. <a href=\"/partner\">Your incidents</a></p>"), status: StatusCodes.Status404NotFound);
        }

        var timeline = await view.TimelineAsync(id, staff: false, ct);
        var volume = await view.VolumeAsync(id, ct);
        var questions = await view.QuestionsAsync(id, ct);
        var reach = await view.ReachAsync(id, ct);
        var channels = await view.ChannelHealthAsync(ct);
        var body = H($"""
            <h1>{incident.Title} <span class="muted">{incident.Hashtag}</span></h1>
            <p class="muted">Shared dashboard for emergency partners: read-only, updated live. Please do not forward.</p>
            {view.Status(incident)}
            {timeline}
            {volume}
            {questions}
            {reach}
            {channels}
            """);
        return page.Render(incident.Title, body, live: $"incident:{id}");
    }

    private static async Task<IResult> JoinPageAsync(string secret, PageKit page, PartnerInvites invites, WebDbContext db, CancellationToken ct)
    {
        // Nothing is used up by opening the link (mail scanners open links); joining is the POST.
        page.Context.Response.Headers["Referrer-Policy"] = "no-referrer";
        var (invite, problem) = await invites.FindAsync(secret, ct);
        if (problem != InviteProblem.None)
        {
            return Gone(page, problem);
        }

        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.IncidentId == invite!.IncidentId, ct);
        var signedInPartner = page.User.IsInRole(Roles.Partner);
        var who = signedInPartner
            ? H($"<p>You are signed in as <strong>{page.User.Name}</strong>: the incident is added to your incidents.</p>")
            : H($"{Input("name", "Your name", invite!.Contact, autocomplete: "name", required: true)}{Input("email", "Your work email (optional)", null, "email", "So the duty officer can recognise you.", "email")}");
        return page.Render("Join the incident dashboard", H($"""
            <h1>Join the incident dashboard</h1>
            <p><strong>{invite!.Organisation}</strong> is invited to follow <strong>{incident?.Title ?? "an incident"}</strong> {incident?.Hashtag}, read-only, until it closes.</p>
            {page.Form("/partner/join", H($"{Hidden("secret", secret)}{who}<div><button type=\"submit\">Join</button></div>"), "stack")}
            <p class="muted">This link works once and expires {page.Clock.Time(invite.ExpiresAt)}. After joining, this browser stays signed in to the incident.</p>
            """));
    }

    private static async Task<IResult> JoinAsync([FromForm] JoinForm form, PageKit page, PartnerInvites invites, UserManager<User> users, SignInManager<User> signIn, TimeProvider time, CancellationToken ct)
    {
        page.Context.Response.Headers["Referrer-Policy"] = "no-referrer";
        if (string.IsNullOrEmpty(form.Secret))
        {
            return Gone(page, InviteProblem.Unknown);
        }

        if (page.IsStaff)
        {
            return page.Render("Already staff", H($"<h1>This link is for a partner</h1><p>You are signed in as staff and can already see every incident. The link has not been used: pass it to the partner it is meant for.</p>"), status: StatusCodes.Status409Conflict);
        }

        var existing = page.User.IsInRole(Roles.Partner) ? await users.CurrentAsync(page.Context.User) : null;
        if (existing is null && string.IsNullOrWhiteSpace(form.Name))
        {
            var (found, problem) = await invites.FindAsync(form.Secret, ct);
            return problem != InviteProblem.None ? Gone(page, problem) : page.Render("Join", H($"<h1>Join the incident dashboard</h1>{Errors(["Enter your name."])}<p><a href=\"/partner/join/{form.Secret}\">Back</a></p>"), status: 400);
        }

        var (access, refused) = await invites.ExchangeAsync(form.Secret, async () =>
            existing ?? await PartnerInvites.CreateGuestAsync(users, form.Name![..Math.Min(form.Name!.Length, 100)], form.Email, (await invites.FindAsync(form.Secret, ct)).Invite!.Organisation, time), ct);
        if (access is null)
        {
            return Gone(page, refused);
        }

        var user = existing ?? await users.FindByIdAsync(access.UserId.ToString());
        await signIn.SignInAsync(user!, isPersistent: true);
        return Results.Redirect($"/partner/incidents/{access.IncidentId}");
    }

    private static IResult Gone(PageKit page, InviteProblem problem)
    {
        var why = problem switch
        {
            InviteProblem.Used => "This invite link has already been used. Each link works once.",
            InviteProblem.Expired => "This invite link has expired.",
            InviteProblem.Revoked => "This invite was withdrawn by the duty officer.",
            InviteProblem.IncidentClosed => "The incident has closed, so its dashboard is no longer shared.",
            _ => "This invite link is not recognised.",
        };
        return page.Render("Invite not valid", H($"<h1>Invite not valid</h1><p>{why}</p><p>Ask the duty officer for a new invite if you still need the dashboard. If you joined before in this browser, go to <a href=\"/partner\">your incidents</a>.</p>"), status: StatusCodes.Status410Gone);
    }
}
