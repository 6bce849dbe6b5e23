using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.OnCall.Escalations;

internal sealed record TargetRequest(string? Kind, Guid? Id, int? Layer);

internal sealed record LevelRequest(List<TargetRequest>? Targets, int? TimeoutSeconds);

internal sealed record PolicyRequest(string? Name, List<LevelRequest>? Levels, int? RepeatTimes);

internal sealed record TargetView(string Kind, Guid Id, int? Layer, string Name);

internal sealed record LevelView(int Level, IReadOnlyList<TargetView> Targets, int TimeoutSeconds);

internal sealed record PolicyView(Guid Id, string Name, IReadOnlyList<LevelView> Levels, int RepeatTimes, IReadOnlyList<string> UsedBy);

internal sealed record RouteRequest(Guid? PolicyId);

internal sealed record RouteView(string Trigger, Guid? PolicyId, string? PolicyName, bool Inherited);

internal static class PolicyEndpoints
{
    public static void MapPolicies(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/oncall/policies").WithTags("OnCall");
        policies.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListEscalationPolicies");
        policies.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admins).WithName("CreateEscalationPolicy").WithIdempotency<OnCallDbContext>()
            .WithSummary("Admins: ordered levels, each with targets (person, rota with an optional layer, group) and a timeout in seconds; repeatTimes repeats the whole policy.");
        policies.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admins).WithName("UpdateEscalationPolicy")
            .WithSummary("Admins: replace a policy. Escalations already under way keep the levels they started with.");
        policies.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admins).WithName("DeleteEscalationPolicy");

        var routes = app.MapGroup("/api/v1/oncall/routes").WithTags("OnCall");
        routes.MapGet("/", ListRoutesAsync).RequireAuthorization(Policies.Staff).WithName("ListTriggerRoutes")
            .WithSummary("Which policy each trigger starts (sla-breached, approval-stalled, life-safety, source-stale, volume-spike, channel-paused; 'default' for the rest).");
        routes.MapPut("/{trigger}", SetRouteAsync).RequireAuthorization(Policies.Admins).WithName("SetTriggerRoute")
            .WithSummary("Admins: the policy a trigger starts; {\"policyId\": null} falls back to the default route.");
    }

    internal static async Task<Ok<List<PolicyView>>> ListAsync(OnCallDbContext db, CancellationToken cancellationToken)
    {
        var policies = await db.Policies.AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, cancellationToken);
        var routes = await db.Routes.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(policies.Select(p => View(p, names, routes)).ToList());
    }

    internal static async Task<Results<Created<PolicyView>, ProblemHttpResult>> CreateAsync(PolicyRequest request, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var policy = new EscalationPolicy { Id = Guid.CreateVersion7(), Name = string.Empty };
        if (await ApplyAsync(request, policy, db, time.GetUtcNow(), cancellationToken) is { } problem)
        {
            return problem;
        }

        db.Policies.Add(policy);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/oncall/policies/{policy.Id}", View(policy, await NamesAsync(db, cancellationToken), []));
    }

    internal static async Task<Results<Ok<PolicyView>, ProblemHttpResult>> UpdateAsync(Guid id, PolicyRequest request, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var policy = await db.Policies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return ApiProblems.NotFound("Policy", id);
        }

        if (await ApplyAsync(request, policy, db, time.GetUtcNow(), cancellationToken) is { } problem)
        {
            return problem;
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(policy, await NamesAsync(db, cancellationToken), await db.Routes.AsNoTracking().ToListAsync(cancellationToken)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var policy = await db.Policies.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (policy is null)
        {
            return ApiProblems.NotFound("Policy", id);
        }

        if (await db.Routes.Where(r => r.PolicyId == id).Select(r => r.Trigger).ToListAsync(cancellationToken) is { Count: > 0 } used)
        {
            return ApiProblems.Conflict("policy-in-use", "The policy is in use.", $"Triggers {string.Join(", ", used)} start this policy: route them elsewhere first.");
        }

        db.Policies.Remove(policy);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<List<RouteView>>> ListRoutesAsync(OnCallDbContext db, CancellationToken cancellationToken)
    {
        var routes = await db.Routes.AsNoTracking().ToDictionaryAsync(r => r.Trigger, cancellationToken);
        var policies = await db.Policies.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var fallback = routes.GetValueOrDefault(Triggers.Default);
        return TypedResults.Ok(Triggers.All.Select(t =>
        {
            var route = routes.GetValueOrDefault(t);
            var used = route ?? (t == Triggers.Default ? null : fallback);
            return new RouteView(t, used?.PolicyId, used is null ? null : policies.GetValueOrDefault(used.PolicyId), route is null && used is not null);
        }).ToList());
    }

    internal static async Task<Results<Ok<List<RouteView>>, ProblemHttpResult>> SetRouteAsync(string trigger, RouteRequest request, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Triggers.All.Contains(trigger))
        {
            return ApiProblems.Validation("trigger", $"is one of {string.Join(", ", Triggers.All)}");
        }

        if (request.PolicyId is { } policyId && !await db.Policies.AnyAsync(p => p.Id == policyId, cancellationToken))
        {
            return ApiProblems.Validation("policyId", $"no policy has id '{policyId}'");
        }

        var route = await db.Routes.FirstOrDefaultAsync(r => r.Trigger == trigger, cancellationToken);
        if (request.PolicyId is null)
        {
            if (route is not null)
            {
                db.Routes.Remove(route);
            }
        }
        else if (route is null)
        {
            db.Routes.Add(new TriggerRoute { Trigger = trigger, PolicyId = request.PolicyId.Value, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            route.PolicyId = request.PolicyId.Value;
            route.UpdatedAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await ListRoutesAsync(db, cancellationToken)).Value!);
    }

    private static async Task<Dictionary<Guid, string>> NamesAsync(OnCallDbContext db, CancellationToken cancellationToken)
    {
        var names = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        foreach (var rota in await db.Rotas.AsNoTracking().Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken))
        {
            names[rota.Id] = rota.Name;
        }

        foreach (var group in await db.Groups.AsNoTracking().Select(g => new { g.Id, g.Name }).ToListAsync(cancellationToken))
        {
            names[group.Id] = group.Name;
        }

        return names;
    }

    private static PolicyView View(EscalationPolicy p, IReadOnlyDictionary<Guid, string> names, IReadOnlyList<TriggerRoute> routes) => new(
        p.Id, p.Name,
        p.Levels.Select((l, i) => new LevelView(i + 1, l.Targets.Select(t => new TargetView(t.Kind, t.Id, t.Layer, names.GetValueOrDefault(t.Id, "?"))).ToList(), l.TimeoutSeconds)).ToList(),
        p.RepeatTimes,
        routes.Where(r => r.PolicyId == p.Id).Select(r => r.Trigger).ToList());

    private static async Task<ProblemHttpResult?> ApplyAsync(PolicyRequest request, EscalationPolicy policy, OnCallDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var v = new Validation().Text(request.Name, "name", 200);
        v.Check(request.RepeatTimes is null or (>= 0 and <= 10), "repeatTimes", "is 0 to 10");
        var levels = request.Levels ?? [];
        v.Check(levels.Count is >= 1 and <= 10, "levels", "lists 1 to 10 levels, first paged first");
        var made = new List<EscalationLevel>();
        for (var i = 0; i < levels.Count && i < 10; i++)
        {
            var level = levels[i];
            var field = $"levels[{i}]";
            v.Check(level.TimeoutSeconds is >= 1 and <= 86_400, $"{field}.timeoutSeconds", "is 1 to 86,400: how long to wait for an acknowledgement before the next level");
            var targets = level.Targets ?? [];
            v.Check(targets.Count is >= 1 and <= 20, $"{field}.targets", "lists 1 to 20 targets");
            var made1 = new EscalationLevel { TimeoutSeconds = level.TimeoutSeconds ?? 0 };
            for (var j = 0; j < targets.Count && j < 20; j++)
            {
                var t = targets[j];
                var tf = $"{field}.targets[{j}]";
                var kind = t.Kind?.Trim().ToLowerInvariant();
                if (kind is null || !TargetKinds.All.Contains(kind) || t.Id is not { } id)
                {
                    v.Add(tf, $"has a kind ({string.Join(", ", TargetKinds.All)}) and an id");
                    continue;
                }

                var exists = kind switch
                {
                    TargetKinds.Person => await db.People.AnyAsync(p => p.Id == id, cancellationToken),
                    TargetKinds.Group => await db.Groups.AnyAsync(g => g.Id == id, cancellationToken),
                    _ => await db.RotaLayers.AnyAsync(l => l.RotaId == id && l.Position == (t.Layer ?? 0), cancellationToken),
                };
                v.Check(exists, $"{tf}.id", kind == TargetKinds.Rota ? $"no rota '{id}' with layer {t.Layer ?? 0}" : $"no {kind} has id '{id}'");
                made1.Targets.Add(new EscalationTarget { Kind = kind, Id = id, Layer = kind == TargetKinds.Rota ? t.Layer ?? 0 : null });
            }

            made.Add(made1);
        }

        if (!v.Ok)
        {
            return v.Problem();
        }

        policy.Name = request.Name!.Trim();
        policy.Levels = made;
        policy.RepeatTimes = request.RepeatTimes ?? 0;
        policy.UpdatedAt = now;
        return null;
    }
}
