using CrisisComms.Platform.Security;
using CrisisComms.Web.Accounts;
using CrisisComms.Web.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using static CrisisComms.Web.Pages.Forms;
using static CrisisComms.Web.Pages.Html;

namespace CrisisComms.Web.Console;

internal sealed class NewUserForm
{
    public string? Email { get; init; }

    public string? Name { get; init; }

    public string? Password { get; init; }

    public string[]? Roles { get; init; }
}

internal sealed class RolesForm
{
    public string[]? Roles { get; init; }
}

/// <summary>Admins: local accounts, their roles, lockouts and second factors.</summary>
internal static class UserPages
{
    public static void MapUserPages(this RouteGroupBuilder console)
    {
        var users = console.MapGroup("/users").RequireAuthorization(Policies.Admins);
        users.MapGet("/", ListAsync);
        users.MapPost("/", CreateAsync);
        users.MapPost("/{id:guid}/roles", async (Guid id, [FromForm] RolesForm form, PageKit page, UserManager<User> manager) =>
        {
            var user = await manager.FindByIdAsync(id.ToString());
            if (user is null)
            {
                return page.Done("/console/users", "No such account.", "error");
            }

            var wanted = (form.Roles ?? []).Where(r => Roles.All.Contains(r)).ToList();
            var current = await manager.GetRolesAsync(user);
            await manager.RemoveFromRolesAsync(user, current.Except(wanted));
            await manager.AddToRolesAsync(user, wanted.Except(current));
            await manager.UpdateSecurityStampAsync(user);
            return page.Done("/console/users", $"Roles of {user.DisplayName}: {string.Join(", ", wanted)}.");
        });
        users.MapPost("/{id:guid}/unlock", async (Guid id, IFormCollection form, PageKit page, UserManager<User> manager) =>
        {
            var user = await manager.FindByIdAsync(id.ToString());
            if (user is null)
            {
                return page.Done("/console/users", "No such account.", "error");
            }

            await manager.SetLockoutEndDateAsync(user, null);
            await manager.ResetAccessFailedCountAsync(user);
            return page.Done("/console/users", $"{user.DisplayName} can sign in again.");
        });
    }

    private static async Task<IResult> ListAsync(PageKit page, UserManager<User> manager, CancellationToken ct)
    {
        var users = await manager.Users.AsNoTracking().OrderBy(u => u.DisplayName).Take(500).ToListAsync(ct);
        var rows = new List<Html>();
        foreach (var user in users)
        {
            var roles = await manager.GetRolesAsync(user);
            var locked = user.LockoutEnd is { } end && end > page.Clock.Now;
            var roleForm = page.Form($"/console/users/{user.Id}/roles", H($"<div class=\"choices\">{Join(Roles.All, r => H($"<label><input type=\"checkbox\" name=\"roles\" value=\"{r}\"{When(roles.Contains(r), Raw(" checked"))}> {r}</label>"))}</div><button type=\"submit\" class=\"secondary\">Save roles</button>"), "inline", $"Roles of {user.DisplayName}");
            rows.Add(H($"<tr><td data-label=\"Name\">{user.DisplayName}</td><td data-label=\"Email\">{user.Email}</td><td data-label=\"Roles\">{roleForm}</td><td data-label=\"Second factor\">{(user.TwoFactorEnabled ? "on" : "off")}</td><td data-label=\"Locked\">{(locked ? page.Button($"/console/users/{user.Id}/unlock", "Unlock", "secondary") : H($"no"))}</td></tr>"));
        }

        var form = page.Form("/console/users", H($"""
            {Input("email", "Email", null, "email", required: true, id: "new-email")}
            {Input("name", "Name", null, required: true, id: "new-name")}
            {Input("password", "First password", null, "password", "At least 12 characters; ask them to set up a second factor.", "new-password", true, "new-password")}
            {Checkboxes("roles", "Roles", Roles.All.Select(r => (r, r)), [Roles.Officer])}
            <div><button type="submit">Add account</button></div>
            """), "stack", "Add an account");
        return page.Render("Users", H($"""
            <h1>Accounts</h1>
            <div class="table-wrap"><table class="responsive"><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Roles</th><th scope="col">Second factor</th><th scope="col">Locked</th></tr></thead><tbody>{rows}</tbody></table></div>
            <h2>Add an account</h2>
            {form}
            """));
    }

    private static async Task<IResult> CreateAsync([FromForm] NewUserForm form, PageKit page, UserManager<User> manager, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrWhiteSpace(form.Name) || string.IsNullOrEmpty(form.Password))
        {
            return page.Done("/console/users", "Email, name and a first password are required.", "error");
        }

        var user = new User { UserName = form.Email.Trim(), Email = form.Email.Trim(), EmailConfirmed = true, DisplayName = form.Name.Trim(), CreatedAt = time.GetUtcNow() };
        var created = await manager.CreateAsync(user, form.Password);
        if (!created.Succeeded)
        {
            return page.Done("/console/users", string.Join(" ", created.Errors.Select(e => e.Description)), "error");
        }

        await manager.AddToRolesAsync(user, (form.Roles ?? []).Where(r => Roles.All.Contains(r)));
        return page.Done("/console/users", $"Account for {user.DisplayName} added.");
    }
}
