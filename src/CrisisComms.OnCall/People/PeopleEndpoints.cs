using System.Net.Mail;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.OnCall.People;

internal sealed record ContactMethodRequest(string? Kind, string? Address, string? RoutingKey, string? ApiKey, List<string>? Secrets);

internal sealed record PersonRequest(string? Name, string? Email, string? UserId, bool? Active, List<ContactMethodRequest>? ContactMethods);

/// <summary>A contact method as shown: where it goes and which secrets are set, never their values.</summary>
internal sealed record ContactMethodView(Guid Id, string Kind, string? Address, string Target, IReadOnlyList<string> SecretsSet, int SigningSecrets, DateTimeOffset? SecretsRotatedAt);

internal sealed record PersonView(Guid Id, string Name, string? Email, string? UserId, bool Active, IReadOnlyList<ContactMethodView> ContactMethods, DateTimeOffset UpdatedAt);

internal sealed record GroupRequest(string? Name, List<Guid>? Members);

internal sealed record GroupView(Guid Id, string Name, IReadOnlyList<Guid> Members, IReadOnlyList<string> MemberNames);

internal static class PeopleEndpoints
{
    public static void MapPeople(this IEndpointRouteBuilder app)
    {
        var people = app.MapGroup("/api/v1/oncall/people").WithTags("OnCall");
        people.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListOnCallPeople")
            .WithSummary("Everyone who can be on call, with their contact methods (never their keys or secrets).");
        people.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Staff).WithName("GetOnCallPerson");
        people.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admins).WithName("CreateOnCallPerson").WithIdempotency<OnCallDbContext>()
            .WithSummary("Admins: a person and how to reach them: pagerduty {routingKey}, opsgenie {apiKey, address = responder}, webhook {address, secrets}, email {address}, sandbox.");
        people.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admins).WithName("UpdateOnCallPerson")
            .WithSummary("Admins: replace a person's details and contact methods. A method of the same kind and address sent without secrets keeps its stored ones; sending new ones rotates them.");
        people.MapDelete("/{id:guid}", DeactivateAsync).RequireAuthorization(Policies.Admins).WithName("DeactivateOnCallPerson")
            .WithSummary("Admins: take someone off paging (kept for the record).");

        var groups = app.MapGroup("/api/v1/oncall/groups").WithTags("OnCall");
        groups.MapGet("/", ListGroupsAsync).RequireAuthorization(Policies.Staff).WithName("ListPagingGroups");
        groups.MapPost("/", CreateGroupAsync).RequireAuthorization(Policies.Admins).WithName("CreatePagingGroup");
        groups.MapPut("/{id:guid}", UpdateGroupAsync).RequireAuthorization(Policies.Admins).WithName("UpdatePagingGroup");
        groups.MapDelete("/{id:guid}", DeleteGroupAsync).RequireAuthorization(Policies.Admins).WithName("DeletePagingGroup");
    }

    internal static async Task<Ok<List<PersonView>>> ListAsync(OnCallDbContext db, ContactSecrets secrets, CancellationToken cancellationToken)
    {
        var people = await db.People.AsNoTracking().Include(p => p.ContactMethods).OrderBy(p => p.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(people.Select(p => View(p, secrets)).ToList());
    }

    internal static async Task<Results<Ok<PersonView>, ProblemHttpResult>> GetAsync(Guid id, OnCallDbContext db, ContactSecrets secrets, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking().Include(p => p.ContactMethods).FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } person
            ? TypedResults.Ok(View(person, secrets))
            : ApiProblems.NotFound("Person", id);

    internal static async Task<Results<Created<PersonView>, ProblemHttpResult>> CreateAsync(
        PersonRequest request, OnCallDbContext db, ContactSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var person = new Person { Id = Guid.CreateVersion7(), Name = string.Empty, CreatedAt = time.GetUtcNow() };
        if (Apply(request, person, secrets, time.GetUtcNow()) is { } problem)
        {
            return problem;
        }

        db.People.Add(person);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/oncall/people/{person.Id}", View(person, secrets));
    }

    internal static async Task<Results<Ok<PersonView>, ProblemHttpResult>> UpdateAsync(
        Guid id, PersonRequest request, OnCallDbContext db, ContactSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        var person = await db.People.Include(p => p.ContactMethods).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return ApiProblems.NotFound("Person", id);
        }

        var before = person.ContactMethods.ToList();
        if (Apply(request, person, secrets, time.GetUtcNow()) is { } problem)
        {
            return problem;
        }

        foreach (var removed in before.Where(m => !person.ContactMethods.Contains(m)))
        {
            db.ContactMethods.Remove(removed);
        }

        foreach (var added in person.ContactMethods.Where(m => !before.Contains(m)))
        {
            db.ContactMethods.Add(added);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(person, secrets));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeactivateAsync(Guid id, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return ApiProblems.NotFound("Person", id);
        }

        person.Active = false;
        person.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<List<GroupView>>> ListGroupsAsync(OnCallDbContext db, CancellationToken cancellationToken)
    {
        var groups = await db.Groups.AsNoTracking().OrderBy(g => g.Name).ToListAsync(cancellationToken);
        var names = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        return TypedResults.Ok(groups.Select(g => new GroupView(g.Id, g.Name, g.Members, g.Members.Select(m => names.GetValueOrDefault(m, "?")).ToList())).ToList());
    }

    internal static async Task<Results<Created<GroupView>, ProblemHttpResult>> CreateGroupAsync(GroupRequest request, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ValidateGroupAsync(request, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        var group = new PagingGroup { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Members = request.Members!.Distinct().ToList(), UpdatedAt = time.GetUtcNow() };
        db.Groups.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/oncall/groups/{group.Id}", new GroupView(group.Id, group.Name, group.Members, []));
    }

    internal static async Task<Results<Ok<GroupView>, ProblemHttpResult>> UpdateGroupAsync(Guid id, GroupRequest request, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var group = await db.Groups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return ApiProblems.NotFound("Group", id);
        }

        if (await ValidateGroupAsync(request, db, cancellationToken) is { } problem)
        {
            return problem;
        }

        group.Name = request.Name!.Trim();
        group.Members = request.Members!.Distinct().ToList();
        group.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new GroupView(group.Id, group.Name, group.Members, []));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteGroupAsync(Guid id, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var group = await db.Groups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return ApiProblems.NotFound("Group", id);
        }

        db.Groups.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    public static PersonView View(Person p, ContactSecrets secrets) => new(
        p.Id, p.Name, p.Email, p.UserId, p.Active,
        p.ContactMethods.OrderBy(m => m.Position).Select(m =>
        {
            var values = secrets.Unprotect(m.Secrets);
            var set = new List<string>();
            if (values.RoutingKey is not null)
            {
                set.Add("routingKey");
            }

            if (values.ApiKey is not null)
            {
                set.Add("apiKey");
            }

            if (values.Secrets.Count > 0)
            {
                set.Add("secrets");
            }

            return new ContactMethodView(m.Id, m.Kind, m.Address, ContactDescriptions.Describe(m), set, values.Secrets.Count, m.SecretsRotatedAt);
        }).ToList(),
        p.UpdatedAt);

    private static async Task<ProblemHttpResult?> ValidateGroupAsync(GroupRequest request, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var v = new Validation().Text(request.Name, "name", 200);
        if (request.Members is not { Count: > 0 and <= 50 })
        {
            v.Add("members", "lists 1 to 50 person ids");
        }
        else
        {
            var known = await db.People.Where(p => request.Members.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
            foreach (var missing in request.Members.Except(known))
            {
                v.Add("members", $"no person has id '{missing}'");
            }
        }

        return v.Ok ? null : v.Problem();
    }

    /// <summary>Validates the request and applies it to <paramref name="person"/>; a problem leaves it unchanged in substance.</summary>
    private static ProblemHttpResult? Apply(PersonRequest request, Person person, ContactSecrets secrets, DateTimeOffset now)
    {
        var v = new Validation().Text(request.Name, "name", 200).Text(request.Email, "email", 320, required: false).Text(request.UserId, "userId", 200, required: false);
        if (!string.IsNullOrWhiteSpace(request.Email) && !IsEmail(request.Email))
        {
            v.Add("email", "is not an email address");
        }

        var methods = request.ContactMethods ?? [];
        v.Check(methods.Count <= 10, "contactMethods", "lists at most 10 ways to reach the person");
        var result = new List<ContactMethod>();
        for (var i = 0; i < methods.Count && i < 10; i++)
        {
            var m = methods[i];
            var field = $"contactMethods[{i}]";
            var kind = m.Kind?.Trim().ToLowerInvariant();
            if (kind is null || !ContactKinds.All.Contains(kind))
            {
                v.Add($"{field}.kind", $"is one of {string.Join(", ", ContactKinds.All)}");
                continue;
            }

            var address = string.IsNullOrWhiteSpace(m.Address) ? null : m.Address.Trim();
            var existing = person.ContactMethods.FirstOrDefault(c => c.Kind == kind && c.Address == address && !result.Contains(c));
            var values = existing is null ? new ContactSecretValues() : secrets.Unprotect(existing.Secrets);
            var rotated = false;
            switch (kind)
            {
                case ContactKinds.PagerDuty:
                    if (m.RoutingKey is { } key)
                    {
                        v.Check(key.Trim().Length is >= 20 and <= 64, $"{field}.routingKey", "is the 32-character integration key of a PagerDuty Events API v2 integration");
                        values.RoutingKey = key.Trim();
                        rotated = true;
                    }

                    v.Check(values.RoutingKey is not null, $"{field}.routingKey", "is required");
                    break;
                case ContactKinds.Opsgenie:
                    if (m.ApiKey is { } apiKey)
                    {
                        v.Check(apiKey.Trim().Length is >= 8 and <= 200, $"{field}.apiKey", "is an Opsgenie API integration key");
                        values.ApiKey = apiKey.Trim();
                        rotated = true;
                    }

                    v.Check(values.ApiKey is not null, $"{field}.apiKey", "is required");
                    v.Text(address, $"{field}.address", 200, required: false);
                    break;
                case ContactKinds.Webhook:
                    v.Check(Uri.TryCreate(address, UriKind.Absolute, out var url) && url.Scheme is "http" or "https", $"{field}.address", "is the absolute http(s) URL to post to");
                    if (m.Secrets is { } given)
                    {
                        v.Check(given.Count is >= 1 and <= 3 && given.All(s => s is { Length: >= 16 and <= 200 }), $"{field}.secrets",
                            "lists 1 to 3 signing secrets of 16 to 200 characters, newest first (list old and new while a receiver switches over)");
                        values.Secrets = [.. given];
                        rotated = true;
                    }

                    v.Check(values.Secrets.Count > 0, $"{field}.secrets", "is required: at least one signing secret");
                    break;
                case ContactKinds.Email:
                    v.Check(address is not null && IsEmail(address), $"{field}.address", "is an email address");
                    break;
            }

            var method = existing ?? new ContactMethod { Id = Guid.CreateVersion7(), PersonId = person.Id, Kind = kind, Address = address };
            method.Position = i;
            method.Secrets = kind is ContactKinds.PagerDuty or ContactKinds.Opsgenie or ContactKinds.Webhook ? secrets.Protect(values) : null;
            if (rotated)
            {
                method.SecretsRotatedAt = now;
            }

            result.Add(method);
        }

        if (!v.Ok)
        {
            return v.Problem();
        }

        person.Name = request.Name!.Trim();
        person.Email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim();
        person.UserId = string.IsNullOrWhiteSpace(request.UserId) ? null : request.UserId.Trim();
        person.Active = request.Active ?? true;
        person.ContactMethods.Clear();
        person.ContactMethods.AddRange(result);
        person.UpdatedAt = now;
        return null;
    }

    private static bool IsEmail(string value) => MailAddress.TryCreate(value.Trim(), out var address) && address.Address == value.Trim();
}
