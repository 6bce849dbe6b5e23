using System.Security.Cryptography;
using System.Text;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Rotas;

internal sealed record CalendarFeedView(Guid Id, string Scope, Guid ScopeId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>Returned once, when a feed is made: the URL is the secret.</summary>
internal sealed record CalendarFeedCreated(Guid Id, string Scope, Guid ScopeId, Uri Url, string Note);

/// <summary>The signed-in user's own on-call picture.</summary>
internal sealed record MyOnCallView(People.PersonView Person, IReadOnlyList<ShiftView> Shifts, IReadOnlyList<CalendarFeedView> Feeds);

internal static class CalendarEndpoints
{
    private static readonly TimeSpan Past = TimeSpan.FromDays(14);
    private static readonly TimeSpan Ahead = TimeSpan.FromDays(90);

    public static void MapCalendars(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/v1/oncall").WithTags("OnCall");
        feeds.MapPost("/people/{id:guid}/calendar-feeds", CreatePersonFeedAsync).RequireAuthorization(Policies.Staff).WithName("CreatePersonCalendarFeed")
            .WithSummary("A secret iCalendar URL of a person's shifts for their own calendar app (admins for anyone; staff for themselves, when their user is linked to the person). Shown once.");
        feeds.MapPost("/rotas/{id:guid}/calendar-feeds", CreateRotaFeedAsync).RequireAuthorization(Policies.Admins).WithName("CreateRotaCalendarFeed")
            .WithSummary("Admins: a secret iCalendar URL of every shift of a rota. Shown once.");
        feeds.MapGet("/calendar-feeds", ListFeedsAsync).RequireAuthorization(Policies.Admins).WithName("ListCalendarFeeds");
        feeds.MapDelete("/calendar-feeds/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Staff).WithName("RevokeCalendarFeed")
            .WithSummary("Revoke a feed URL at once (admins, or the person it belongs to).");
        feeds.MapGet("/me", MeAsync).RequireAuthorization(Policies.Staff).WithName("MyOnCall")
            .WithSummary("The person the signed-in user is on the on-call list as (linked by userId), their shifts for the next 28 days and their calendar feeds.");
        // Calendar apps cannot sign in: the unguessable token in the URL is the credential.
        feeds.MapGet("/calendar/{token}.ics", FeedAsync).AllowAnonymous().WithName("CalendarFeed").ExcludeFromDescription();
    }

    internal static async Task<Results<Created<CalendarFeedCreated>, ProblemHttpResult>> CreatePersonFeedAsync(
        Guid id, OnCallDbContext db, CurrentUser user, IOptions<OnCallOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return ApiProblems.NotFound("Person", id);
        }

        if (!user.IsInRole(Roles.Admin) && person.UserId != user.Id)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Not your calendar.", "Only admins, or the person themselves (their user linked to them), can make a feed of a person's shifts.");
        }

        return await CreateAsync("person", id, db, user, options.Value, time, cancellationToken);
    }

    internal static async Task<Results<Ok<MyOnCallView>, ProblemHttpResult>> MeAsync(
        OnCallDbContext db, RotaDirectory directory, People.ContactSecrets secrets, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().Include(p => p.ContactMethods).FirstOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
        if (person is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, "not-on-call-list", "You are not on the on-call list.",
                $"No person is linked to user '{user.Id}': an admin sets userId on the person (PUT /api/v1/oncall/people/{{id}}).");
        }

        var now = time.GetUtcNow();
        var names = await RotaEndpoints.NamesAsync(db, cancellationToken);
        var shifts = new List<ShiftView>();
        foreach (var plan in await directory.LoadAllAsync(now, now.AddDays(28), cancellationToken))
        {
            shifts.AddRange(plan.Timeline(now, now.AddDays(28)).Where(s => s.PersonId == person.Id).Select(s => RotaEndpoints.Shift(plan, s, names)));
        }

        var feeds = await db.CalendarFeeds.AsNoTracking().Where(f => f.Scope == "person" && f.ScopeId == person.Id)
            .Select(f => new CalendarFeedView(f.Id, f.Scope, f.ScopeId, f.CreatedBy, f.CreatedAt, f.RevokedAt, f.LastUsedAt)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new MyOnCallView(People.PeopleEndpoints.View(person, secrets), [.. shifts.OrderBy(s => s.Start)], feeds));
    }

    internal static async Task<Results<Created<CalendarFeedCreated>, ProblemHttpResult>> CreateRotaFeedAsync(
        Guid id, OnCallDbContext db, CurrentUser user, IOptions<OnCallOptions> options, TimeProvider time, CancellationToken cancellationToken) =>
        await db.Rotas.AnyAsync(r => r.Id == id, cancellationToken)
            ? await CreateAsync("rota", id, db, user, options.Value, time, cancellationToken)
            : ApiProblems.NotFound("Rota", id);

    internal static async Task<Ok<List<CalendarFeedView>>> ListFeedsAsync(OnCallDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.CalendarFeeds.AsNoTracking().OrderByDescending(f => f.CreatedAt)
            .Select(f => new CalendarFeedView(f.Id, f.Scope, f.ScopeId, f.CreatedBy, f.CreatedAt, f.RevokedAt, f.LastUsedAt)).ToListAsync(cancellationToken));

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, OnCallDbContext db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (feed is null)
        {
            return ApiProblems.NotFound("Calendar feed", id);
        }

        var own = feed.Scope == "person" && await db.People.AnyAsync(p => p.Id == feed.ScopeId && p.UserId == user.Id, cancellationToken);
        if (!user.IsInRole(Roles.Admin) && !own)
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Not your calendar.", "Only admins or the person it belongs to can revoke a feed.");
        }

        feed.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<IResult> FeedAsync(string token, HttpContext http, OnCallDbContext db, RotaDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var hash = Hash(token);
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.TokenHash == hash, cancellationToken);
        if (feed is null || feed.RevokedAt is not null)
        {
            return Results.NotFound();
        }

        var now = time.GetUtcNow();
        var (from, to) = (now - Past, now + Ahead);
        var names = await RotaEndpoints.NamesAsync(db, cancellationToken);
        var events = new List<CalendarEvent>();
        string title;
        if (feed.Scope == "rota")
        {
            if (await directory.LoadAsync(feed.ScopeId, from, to, cancellationToken) is not { } plan)
            {
                return Results.NotFound();
            }

            title = $"On call: {plan.Rota.Name}";
            events.AddRange(plan.Timeline(from, to).Select(s => Event(plan, s, names, forPerson: false)));
        }
        else
        {
            title = $"On call: {names.GetValueOrDefault(feed.ScopeId, "?")}";
            foreach (var plan in await directory.LoadAllAsync(from, to, cancellationToken))
            {
                events.AddRange(plan.Timeline(from, to).Where(s => s.PersonId == feed.ScopeId).Select(s => Event(plan, s, names, forPerson: true)));
            }
        }

        // Not every fetch is worth a write: calendar apps poll often.
        if (feed.LastUsedAt is null || now - feed.LastUsedAt > TimeSpan.FromMinutes(10))
        {
            feed.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        http.Response.Headers.CacheControl = "private, max-age=300";
        var text = ICalendar.Write(title, "CrisisComms on-call shifts. Times are UTC; your calendar shows them in your own zone.", now, events.OrderBy(e => e.Start));
        return Results.Text(text, ICalendar.ContentType, Encoding.UTF8);
    }

    private static CalendarEvent Event(RotaPlan plan, Shift s, IReadOnlyDictionary<Guid, string> names, bool forPerson)
    {
        var who = names.GetValueOrDefault(s.PersonId, "?");
        var summary = forPerson ? $"On call: {s.LayerName} ({plan.Rota.Name})" : $"{s.LayerName}: {who}";
        var description = $"{plan.Rota.Name}, {s.LayerName}: {who}{(s.Override ? " (override)" : string.Empty)}.\n" +
            $"From {plan.Local(s.Start):ddd d MMM HH:mm} to {plan.Local(s.End):ddd d MMM HH:mm} ({plan.Zone.Id}).";
        return new CalendarEvent($"{plan.Rota.Id:N}-{s.Layer}-{s.Start.UtcTicks}-{s.PersonId:N}@crisiscomms", s.Start, s.End, summary, description);
    }

    private static async Task<Results<Created<CalendarFeedCreated>, ProblemHttpResult>> CreateAsync(
        string scope, Guid scopeId, OnCallDbContext db, CurrentUser user, OnCallOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var feed = new CalendarFeed { Id = Guid.CreateVersion7(), Scope = scope, ScopeId = scopeId, TokenHash = Hash(token), CreatedBy = user.Name, CreatedAt = time.GetUtcNow() };
        db.CalendarFeeds.Add(feed);
        await db.SaveChangesAsync(cancellationToken);
        var url = new Uri(options.PublicBaseUrl, $"api/v1/oncall/calendar/{token}.ics");
        return TypedResults.Created($"/api/v1/oncall/calendar-feeds/{feed.Id}",
            new CalendarFeedCreated(feed.Id, scope, scopeId, url, "Keep this URL private: anyone with it can read these shifts. It is shown only now; revoke it with DELETE /api/v1/oncall/calendar-feeds/{id}."));
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
