using CrisisComms.OnCall.Escalations;
using CrisisComms.OnCall.People;
using CrisisComms.OnCall.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrisisComms.OnCall.Rotas;

/// <summary>A rota loaded for the maths: its zone, layers and the overrides near the window asked about.</summary>
internal sealed record RotaPlan(Rota Rota, TimeZoneInfo Zone, IReadOnlyList<LayerPlan> Layers, IReadOnlyList<OverridePlan> Overrides)
{
    public Shift? At(int layer, DateTimeOffset instant) =>
        Layers.FirstOrDefault(l => l.Position == layer) is { } plan ? RotaMath.At(plan, Overrides, instant, Zone) : null;

    public List<Shift> Timeline(DateTimeOffset from, DateTimeOffset to) =>
        [.. Layers.SelectMany(l => RotaMath.Timeline(l, Overrides, from, to, Zone)).OrderBy(s => s.Start).ThenBy(s => s.Layer)];

    /// <summary>An instant shown in the rota's own zone (offset included), as people read it.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}

/// <summary>Reads rotas and answers "who covers this now", for the API, escalations and handovers.</summary>
internal sealed class RotaDirectory(OnCallDbContext db, IOptions<OnCallOptions> options)
{
    public TimeZoneInfo OrganisationZone => OnCallOptions.TryFindZone(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public TimeZoneInfo ZoneOf(Rota rota) =>
        rota.TimeZone is { } id && OnCallOptions.TryFindZone(id, out var zone) ? zone : OrganisationZone;

    public async Task<RotaPlan?> LoadAsync(Guid rotaId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rota = await db.Rotas.AsNoTracking().Include(r => r.Layers).FirstOrDefaultAsync(r => r.Id == rotaId, cancellationToken);
        return rota is null ? null : await PlanAsync(rota, from, to, cancellationToken);
    }

    public async Task<List<RotaPlan>> LoadAllAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var all = await db.Rotas.AsNoTracking().Include(r => r.Layers).OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var plans = new List<RotaPlan>();
        foreach (var rota in all)
        {
            plans.Add(await PlanAsync(rota, from, to, cancellationToken));
        }

        return plans;
    }

    public async Task<RotaPlan> PlanAsync(Rota rota, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var overrides = await db.Overrides.AsNoTracking()
            .Where(o => o.RotaId == rota.Id && o.EndsAt > from && o.StartsAt < to)
            .Select(o => new OverridePlan(o.Id, o.LayerPosition, o.PersonId, o.StartsAt, o.EndsAt, o.CreatedAt))
            .ToListAsync(cancellationToken);
        var layers = rota.Layers.OrderBy(l => l.Position)
            .Select(l => new LayerPlan(l.Position, l.Name, l.RotationDays, l.StartDate, l.HandoverTime, l.Members))
            .ToList();
        return new RotaPlan(rota, ZoneOf(rota), layers, overrides);
    }

    /// <summary>Everyone an escalation level's targets stand for at <paramref name="at"/>: each person once, active people only, with their contact methods.</summary>
    public async Task<List<Person>> ResolveAsync(IReadOnlyList<EscalationTarget> targets, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        foreach (var target in targets)
        {
            switch (target.Kind)
            {
                case TargetKinds.Person:
                    ids.Add(target.Id);
                    break;
                case TargetKinds.Group:
                    if (await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == target.Id, cancellationToken) is { } group)
                    {
                        ids.AddRange(group.Members);
                    }

                    break;
                case TargetKinds.Rota:
                    if (await LoadAsync(target.Id, at, at.AddTicks(1), cancellationToken) is { } plan
                        && plan.At(target.Layer ?? plan.Layers.FirstOrDefault()?.Position ?? 0, at) is { } shift)
                    {
                        ids.Add(shift.PersonId);
                    }

                    break;
            }
        }

        var distinct = ids.Distinct().ToList();
        var people = await db.People.Include(p => p.ContactMethods).Where(p => p.Active && distinct.Contains(p.Id)).ToListAsync(cancellationToken);
        return [.. people.OrderBy(p => distinct.IndexOf(p.Id))];
    }
}
