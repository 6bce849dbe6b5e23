using System.Globalization;
using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.OnCall.Rotas;

internal sealed record LayerRequest(string? Name, string? Rotation, int? RotationDays, DateOnly? StartDate, string? HandoverTime, List<Guid>? Members);

internal sealed record RotaRequest(string? Name, string? TimeZone, List<LayerRequest>? Layers);

internal sealed record OverrideRequest(int? Layer, Guid? PersonId, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string? Reason);

internal sealed record SwapRequest(int? Layer, DateTimeOffset? ShiftAt, DateTimeOffset? WithShiftAt, string? Reason);

internal sealed record LayerView(int Position, string Name, int RotationDays, DateOnly StartDate, string HandoverTime, IReadOnlyList<Guid> Members, IReadOnlyList<string> MemberNames);

internal sealed record RotaView(Guid Id, string Name, string TimeZone, IReadOnlyList<LayerView> Layers, IReadOnlyList<ShiftView> OnCallNow);

/// <summary>A shift, in UTC and in the rota's local time (offset included), with who covers it and whether it is an override.</summary>
internal sealed record ShiftView(int Layer, string LayerName, Guid PersonId, string PersonName, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset StartLocal, DateTimeOffset EndLocal, bool Override, Guid? OverrideId);

internal sealed record OnCallView(Guid RotaId, string RotaName, string TimeZone, DateTimeOffset At, IReadOnlyList<ShiftView> Layers, ShiftView? NextHandover);

internal sealed record OverrideView(Guid Id, Guid RotaId, int Layer, Guid PersonId, string PersonName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason, Guid? SwapId, string CreatedBy, DateTimeOffset CreatedAt);

internal sealed record WaitingView(Guid EscalationId, string Reason, string Summary, string Status, int Level, string? WaitingOn, DateTimeOffset? NextStepAt, DateTimeOffset StartedAt);

internal sealed record WhoIsOnCallView(DateTimeOffset At, IReadOnlyList<OnCallView> Rotas, IReadOnlyList<WaitingView> Waiting);

internal static class RotaEndpoints
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(100);

    public static void MapRotas(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/oncall/now", WhoIsOnCallAsync).WithTags("OnCall").RequireAuthorization(Policies.Staff).WithName("WhoIsOnCall")
            .WithSummary("Who is on call now (or at ?at=), on every rota and layer, and which escalations are waiting on whom.");

        var rotas = app.MapGroup("/api/v1/oncall/rotas").WithTags("OnCall");
        rotas.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListRotas");
        rotas.MapPost("/", CreateAsync).RequireAuthorization(Policies.Admins).WithName("CreateRota").WithIdempotency<OnCallDbContext>()
            .WithSummary("Admins: a rota of layers, e.g. [{name:'Duty officer', rotation:'weekly', startDate:'2026-03-23', handoverTime:'09:00', members:[…]}, {name:'Back-up', rotation:'daily', …}], handovers in the rota's time zone (the organisation's by default).");
        rotas.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.Staff).WithName("GetRota");
        rotas.MapPut("/{id:guid}", UpdateAsync).RequireAuthorization(Policies.Admins).WithName("UpdateRota");
        rotas.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(Policies.Admins).WithName("DeleteRota");
        rotas.MapGet("/{id:guid}/on-call", OnCallAsync).RequireAuthorization(Policies.Staff).WithName("RotaOnCall")
            .WithSummary("Who covers each layer now, or at ?at= (ISO 8601 with offset).");
        rotas.MapGet("/{id:guid}/shifts", ShiftsAsync).RequireAuthorization(Policies.Staff).WithName("RotaShifts")
            .WithSummary("Every shift between ?from= and ?to= (at most 100 days), overrides applied.");
        rotas.MapGet("/{id:guid}/overrides", ListOverridesAsync).RequireAuthorization(Policies.Staff).WithName("ListRotaOverrides");
        rotas.MapPost("/{id:guid}/overrides", CreateOverrideAsync).RequireAuthorization(Policies.Admins).WithName("CreateRotaOverride").WithIdempotency<OnCallDbContext>()
            .WithSummary("Admins: someone else covers a layer from startsAt to endsAt.");
        rotas.MapDelete("/{id:guid}/overrides/{overrideId:guid}", DeleteOverrideAsync).RequireAuthorization(Policies.Admins).WithName("DeleteRotaOverride")
            .WithSummary("Admins: remove an override (both halves, when it is part of a swap).");
        rotas.MapPost("/{id:guid}/swaps", SwapAsync).RequireAuthorization(Policies.Admins).WithName("SwapRotaShifts").WithIdempotency<OnCallDbContext>()
            .WithSummary("Admins: the people of the shift covering shiftAt and of the shift covering withShiftAt swap them (two overrides).");
    }

    internal static async Task<Ok<WhoIsOnCallView>> WhoIsOnCallAsync(DateTimeOffset? at, RotaDirectory directory, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var when = at ?? time.GetUtcNow();
        var names = await NamesAsync(db, cancellationToken);
        var plans = await directory.LoadAllAsync(when, when.AddDays(40), cancellationToken);
        var waiting = await db.Escalations.AsNoTracking()
            .Where(e => e.Status == EscalationStatus.Open || e.Status == EscalationStatus.Exhausted)
            .OrderBy(e => e.StartedAt)
            .Select(e => new WaitingView(e.Id, e.Reason, e.Summary, e.Status, e.Level + 1, e.WaitingOn, e.NextStepAt, e.StartedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new WhoIsOnCallView(when, plans.Select(p => OnCall(p, when, names)).ToList(), waiting));
    }

    internal static async Task<Ok<List<RotaView>>> ListAsync(RotaDirectory directory, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var names = await NamesAsync(db, cancellationToken);
        var plans = await directory.LoadAllAsync(now, now.AddTicks(1), cancellationToken);
        return TypedResults.Ok(plans.Select(p => View(p, now, names)).ToList());
    }

    internal static async Task<Results<Ok<RotaView>, ProblemHttpResult>> GetAsync(Guid id, RotaDirectory directory, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await directory.LoadAsync(id, now, now.AddTicks(1), cancellationToken) is { } plan
            ? TypedResults.Ok(View(plan, now, await NamesAsync(db, cancellationToken)))
            : ApiProblems.NotFound("Rota", id);
    }

    internal static async Task<Results<Created<RotaView>, ProblemHttpResult>> CreateAsync(
        RotaRequest request, OnCallDbContext db, RotaDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rota = new Rota { Id = Guid.CreateVersion7(), Name = string.Empty, CreatedAt = now };
        if (await ApplyAsync(request, rota, db, now, cancellationToken) is { } problem)
        {
            return problem;
        }

        db.Rotas.Add(rota);
        await db.SaveChangesAsync(cancellationToken);
        var plan = await directory.PlanAsync(rota, now, now.AddTicks(1), cancellationToken);
        return TypedResults.Created($"/api/v1/oncall/rotas/{rota.Id}", View(plan, now, await NamesAsync(db, cancellationToken)));
    }

    internal static async Task<Results<Ok<RotaView>, ProblemHttpResult>> UpdateAsync(
        Guid id, RotaRequest request, OnCallDbContext db, RotaDirectory directory, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rota = await db.Rotas.Include(r => r.Layers).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rota is null)
        {
            return ApiProblems.NotFound("Rota", id);
        }

        var before = rota.Layers.ToList();
        if (await ApplyAsync(request, rota, db, now, cancellationToken) is { } problem)
        {
            return problem;
        }

        db.RotaLayers.RemoveRange(before);
        db.RotaLayers.AddRange(rota.Layers);
        await db.SaveChangesAsync(cancellationToken);
        var plan = await directory.PlanAsync(rota, now, now.AddTicks(1), cancellationToken);
        return TypedResults.Ok(View(plan, now, await NamesAsync(db, cancellationToken)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var rota = await db.Rotas.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rota is null)
        {
            return ApiProblems.NotFound("Rota", id);
        }

        var policies = await db.Policies.AsNoTracking().ToListAsync(cancellationToken);
        if (policies.FirstOrDefault(p => p.Levels.Any(l => l.Targets.Any(t => t.Kind == TargetKinds.Rota && t.Id == id))) is { } user)
        {
            return ApiProblems.Conflict("rota-in-use", "The rota is used by an escalation policy.", $"Policy '{user.Name}' pages this rota: change it first.");
        }

        db.Rotas.Remove(rota);
        await db.Overrides.Where(o => o.RotaId == id).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<OnCallView>, ProblemHttpResult>> OnCallAsync(Guid id, DateTimeOffset? at, RotaDirectory directory, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var when = at ?? time.GetUtcNow();
        return await directory.LoadAsync(id, when, when.AddDays(40), cancellationToken) is { } plan
            ? TypedResults.Ok(OnCall(plan, when, await NamesAsync(db, cancellationToken)))
            : ApiProblems.NotFound("Rota", id);
    }

    internal static async Task<Results<Ok<List<ShiftView>>, ProblemHttpResult>> ShiftsAsync(
        Guid id, DateTimeOffset? from, DateTimeOffset? to, RotaDirectory directory, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = from ?? time.GetUtcNow();
        var end = to ?? start.AddDays(28);
        if (end <= start || end - start > MaxWindow)
        {
            return ApiProblems.Validation("to", "is after from, at most 100 days later");
        }

        if (await directory.LoadAsync(id, start, end, cancellationToken) is not { } plan)
        {
            return ApiProblems.NotFound("Rota", id);
        }

        var names = await NamesAsync(db, cancellationToken);
        return TypedResults.Ok(plan.Timeline(start, end).Select(s => Shift(plan, s, names)).ToList());
    }

    internal static async Task<Results<Ok<List<OverrideView>>, ProblemHttpResult>> ListOverridesAsync(Guid id, OnCallDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!await db.Rotas.AnyAsync(r => r.Id == id, cancellationToken))
        {
            return ApiProblems.NotFound("Rota", id);
        }

        var since = time.GetUtcNow().AddDays(-30);
        var names = await NamesAsync(db, cancellationToken);
        var overrides = await db.Overrides.AsNoTracking().Where(o => o.RotaId == id && o.EndsAt > since).OrderBy(o => o.StartsAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(overrides.Select(o => View(o, names)).ToList());
    }

    internal static async Task<Results<Created<OverrideView>, ProblemHttpResult>> CreateOverrideAsync(
        Guid id, OverrideRequest request, OnCallDbContext db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var rota = await db.Rotas.AsNoTracking().Include(r => r.Layers).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rota is null)
        {
            return ApiProblems.NotFound("Rota", id);
        }

        var v = new Validation();
        var layer = request.Layer ?? 0;
        v.Check(rota.Layers.Any(l => l.Position == layer), "layer", $"is a layer position of this rota (0 to {rota.Layers.Count - 1})");
        v.Check(request.PersonId is { } p && await db.People.AnyAsync(x => x.Id == p && x.Active, cancellationToken), "personId", "is an active person");
        v.Check(request.StartsAt is not null, "startsAt", "is required (ISO 8601 with offset)");
        v.Check(request.EndsAt is { } e && request.StartsAt is { } s && e > s && e - s <= TimeSpan.FromDays(92), "endsAt", "is after startsAt, at most 92 days later");
        v.Text(request.Reason, "reason", 500, required: false);
        if (!v.Ok)
        {
            return v.Problem();
        }

        var made = new RotaOverride
        {
            Id = Guid.CreateVersion7(),
            RotaId = id,
            LayerPosition = layer,
            PersonId = request.PersonId!.Value,
            StartsAt = request.StartsAt!.Value.ToUniversalTime(),
            EndsAt = request.EndsAt!.Value.ToUniversalTime(),
            Reason = request.Reason?.Trim(),
            CreatedBy = user.Name,
            CreatedAt = time.GetUtcNow(),
        };
        db.Overrides.Add(made);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/oncall/rotas/{id}/overrides/{made.Id}", View(made, await NamesAsync(db, cancellationToken)));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteOverrideAsync(Guid id, Guid overrideId, OnCallDbContext db, CancellationToken cancellationToken)
    {
        var made = await db.Overrides.FirstOrDefaultAsync(o => o.Id == overrideId && o.RotaId == id, cancellationToken);
        if (made is null)
        {
            return ApiProblems.NotFound("Override", overrideId);
        }

        if (made.SwapId is { } swap)
        {
            await db.Overrides.Where(o => o.SwapId == swap).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            db.Overrides.Remove(made);
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    internal static async Task<Results<Created<List<OverrideView>>, ProblemHttpResult>> SwapAsync(
        Guid id, SwapRequest request, OnCallDbContext db, RotaDirectory directory, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var v = new Validation();
        v.Check(request.ShiftAt is not null, "shiftAt", "is required: an instant inside the first shift");
        v.Check(request.WithShiftAt is not null, "withShiftAt", "is required: an instant inside the other shift");
        if (!v.Ok)
        {
            return v.Problem();
        }

        var (a, b) = (request.ShiftAt!.Value, request.WithShiftAt!.Value);
        var from = a < b ? a : b;
        var to = (a > b ? a : b).AddTicks(1);
        if (await directory.LoadAsync(id, from.AddDays(-1), to.AddDays(1), cancellationToken) is not { } plan)
        {
            return ApiProblems.NotFound("Rota", id);
        }

        var layer = request.Layer ?? 0;
        var first = plan.At(layer, a);
        var second = plan.At(layer, b);
        v.Check(plan.Layers.Any(l => l.Position == layer), "layer", "is a layer position of this rota");
        v.Check(first is not null, "shiftAt", "falls in no shift of that layer");
        v.Check(second is not null, "withShiftAt", "falls in no shift of that layer");
        if (first is not null && second is not null)
        {
            v.Check(first.Start != second.Start, "withShiftAt", "falls in the same shift as shiftAt");
            v.Check(first.PersonId != second.PersonId, "withShiftAt", "is covered by the same person: nothing to swap");
        }

        v.Text(request.Reason, "reason", 500, required: false);
        if (!v.Ok)
        {
            return v.Problem();
        }

        var now = time.GetUtcNow();
        var swapId = Guid.CreateVersion7();
        var reason = request.Reason?.Trim() ?? "swap";
        var made = new List<RotaOverride>
        {
            new() { Id = Guid.CreateVersion7(), RotaId = id, LayerPosition = layer, PersonId = second!.PersonId, StartsAt = first!.Start, EndsAt = first.End, Reason = reason, SwapId = swapId, CreatedBy = user.Name, CreatedAt = now },
            new() { Id = Guid.CreateVersion7(), RotaId = id, LayerPosition = layer, PersonId = first.PersonId, StartsAt = second.Start, EndsAt = second.End, Reason = reason, SwapId = swapId, CreatedBy = user.Name, CreatedAt = now },
        };
        db.Overrides.AddRange(made);
        await db.SaveChangesAsync(cancellationToken);
        var names = await NamesAsync(db, cancellationToken);
        return TypedResults.Created($"/api/v1/oncall/rotas/{id}/overrides", made.Select(o => View(o, names)).ToList());
    }

    public static async Task<Dictionary<Guid, string>> NamesAsync(OnCallDbContext db, CancellationToken cancellationToken) =>
        await db.People.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);

    public static ShiftView Shift(RotaPlan plan, Shift s, IReadOnlyDictionary<Guid, string> names) =>
        new(s.Layer, s.LayerName, s.PersonId, names.GetValueOrDefault(s.PersonId, "?"), s.Start, s.End, plan.Local(s.Start), plan.Local(s.End), s.Override, s.OverrideId);

    private static OnCallView OnCall(RotaPlan plan, DateTimeOffset at, IReadOnlyDictionary<Guid, string> names)
    {
        var layers = plan.Layers.Select(l => plan.At(l.Position, at)).OfType<Shift>().Select(s => Shift(plan, s, names)).ToList();
        var next = layers.OrderBy(s => s.End).FirstOrDefault() is { } ending && plan.At(ending.Layer, ending.End) is { } after
            ? Shift(plan, after, names)
            : null;
        return new OnCallView(plan.Rota.Id, plan.Rota.Name, plan.Zone.Id, at, layers, next);
    }

    private static RotaView View(RotaPlan plan, DateTimeOffset now, IReadOnlyDictionary<Guid, string> names) => new(
        plan.Rota.Id,
        plan.Rota.Name,
        plan.Zone.Id,
        plan.Layers.Select(l => new LayerView(l.Position, l.Name, l.RotationDays, l.StartDate, l.HandoverTime.ToString("HH:mm", CultureInfo.InvariantCulture), l.Members, l.Members.Select(m => names.GetValueOrDefault(m, "?")).ToList())).ToList(),
        plan.Layers.Select(l => plan.At(l.Position, now)).OfType<Shift>().Select(s => Shift(plan, s, names)).ToList());

    private static OverrideView View(RotaOverride o, IReadOnlyDictionary<Guid, string> names) =>
        new(o.Id, o.RotaId, o.LayerPosition, o.PersonId, names.GetValueOrDefault(o.PersonId, "?"), o.StartsAt, o.EndsAt, o.Reason, o.SwapId, o.CreatedBy, o.CreatedAt);

    private static async Task<ProblemHttpResult?> ApplyAsync(RotaRequest request, Rota rota, OnCallDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var v = new Validation().Text(request.Name, "name", 200);
        if (request.TimeZone is { } zone && !OnCallOptions.TryFindZone(zone, out _))
        {
            v.Add("timeZone", $"'{zone}' is not a known time zone (an IANA id such as Europe/London)");
        }

        var layers = request.Layers ?? [];
        v.Check(layers.Count is >= 1 and <= 10, "layers", "lists 1 to 10 layers");
        var everyone = layers.SelectMany(l => l.Members ?? []).Distinct().ToList();
        var known = await db.People.Where(p => everyone.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken);
        var made = new List<RotaLayer>();
        for (var i = 0; i < layers.Count && i < 10; i++)
        {
            var l = layers[i];
            var field = $"layers[{i}]";
            v.Text(l.Name, $"{field}.name", 200);
            var days = l.RotationDays ?? l.Rotation?.Trim().ToLowerInvariant() switch
            {
                "daily" => 1,
                "weekly" => 7,
                "fortnightly" => 14,
                null => 7,
                _ => 0,
            };
            v.Check(days is >= 1 and <= 366, $"{field}.rotation", "is daily, weekly, fortnightly, or give rotationDays (1 to 366)");
            v.Check(l.StartDate is not null, $"{field}.startDate", "is required: the local date the first shift starts (its weekday is the handover day of a weekly rotation)");
            var handover = TimeOnly.MinValue;
            v.Check(l.HandoverTime is not null && TimeOnly.TryParseExact(l.HandoverTime, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out handover),
                $"{field}.handoverTime", "is the local time of handover, HH:mm");
            v.Check(l.Members is { Count: >= 1 and <= 100 }, $"{field}.members", "lists 1 to 100 person ids, in rotation order");
            foreach (var missing in (l.Members ?? []).Except(known))
            {
                v.Add($"{field}.members", $"no person has id '{missing}'");
            }

            made.Add(new RotaLayer
            {
                Id = Guid.CreateVersion7(),
                RotaId = rota.Id,
                Position = i,
                Name = l.Name?.Trim() ?? string.Empty,
                RotationDays = days,
                StartDate = l.StartDate ?? default,
                HandoverTime = handover,
                Members = l.Members ?? [],
            });
        }

        if (!v.Ok)
        {
            return v.Problem();
        }

        rota.Name = request.Name!.Trim();
        rota.TimeZone = string.IsNullOrWhiteSpace(request.TimeZone) ? null : request.TimeZone.Trim();
        rota.Layers = made;
        rota.UpdatedAt = now;
        return null;
    }
}
