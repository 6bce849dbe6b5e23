namespace CrisisComms.OnCall.Rotas;

/// <summary>One stretch of time a person covers a layer.</summary>
internal sealed record Shift(int Layer, string LayerName, Guid PersonId, DateTimeOffset Start, DateTimeOffset End, bool Override, Guid? OverrideId);

/// <summary>A layer as the maths needs it.</summary>
internal sealed record LayerPlan(int Position, string Name, int RotationDays, DateOnly StartDate, TimeOnly HandoverTime, IReadOnlyList<Guid> Members);

/// <summary>An override as the maths needs it; later-created ones win where they overlap.</summary>
internal sealed record OverridePlan(Guid Id, int Layer, Guid PersonId, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset CreatedAt);

/// <summary>
/// Rota arithmetic, pure: shift boundaries are wall-clock times in the rota's zone, so a 09:00 handover
/// stays at 09:00 local across daylight-saving changes (the shift that spans the change is 23 or 25
/// hours long). A handover time that does not exist that day (inside the spring-forward gap) happens
/// at the first moment after the gap; one that happens twice (the autumn repeat) at its first occurrence.
/// </summary>
internal static class RotaMath
{
    /// <summary>The UTC instant of a local wall-clock time in <paramref name="zone"/>, resolving gaps and repeats as above.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // In the gap: the clocks jumped over it, so the handover is at the end of the jump.
            var probe = local;
            while (zone.IsInvalidTime(probe))
            {
                probe = probe.AddMinutes(1);
            }

            return new DateTimeOffset(probe, zone.GetUtcOffset(probe)).ToUniversalTime();
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>Local wall-clock time of an instant.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>The instant shift <paramref name="k"/> of a layer starts.</summary>
    public static DateTimeOffset ShiftStart(LayerPlan layer, long k, TimeZoneInfo zone) =>
        ToInstant(layer.StartDate.ToDateTime(layer.HandoverTime).AddDays(k * layer.RotationDays), zone);

    /// <summary>Index of the shift covering <paramref name="instant"/> (negative before the layer starts).</summary>
    public static long ShiftIndexAt(LayerPlan layer, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var anchor = layer.StartDate.ToDateTime(layer.HandoverTime);
        var k = (long)Math.Floor((ToLocal(instant, zone) - anchor).TotalDays / layer.RotationDays);
        while (ShiftStart(layer, k + 1, zone) <= instant)
        {
            k++;
        }

        while (ShiftStart(layer, k, zone) > instant)
        {
            k--;
        }

        return k;
    }

    /// <summary>The regular (override-free) shift covering an instant, or null before the layer starts or with nobody in it.</summary>
    public static Shift? RegularShiftAt(LayerPlan layer, DateTimeOffset instant, TimeZoneInfo zone)
    {
        if (layer.Members.Count == 0)
        {
            return null;
        }

        var k = ShiftIndexAt(layer, instant, zone);
        return k < 0 ? null : RegularShift(layer, k, zone);
    }

    public static Shift RegularShift(LayerPlan layer, long k, TimeZoneInfo zone) =>
        new(layer.Position, layer.Name, layer.Members[(int)(k % layer.Members.Count)], ShiftStart(layer, k, zone), ShiftStart(layer, k + 1, zone), false, null);

    /// <summary>Who covers a layer at an instant: the latest override covering it, else the regular shift.</summary>
    public static Shift? At(LayerPlan layer, IEnumerable<OverridePlan> overrides, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var cover = overrides
            .Where(o => o.Layer == layer.Position && o.Start <= instant && instant < o.End)
            .OrderByDescending(o => o.CreatedAt)
            .FirstOrDefault();
        if (cover is not null)
        {
            return new Shift(layer.Position, layer.Name, cover.PersonId, cover.Start, cover.End, true, cover.Id);
        }

        return RegularShiftAt(layer, instant, zone);
    }

    /// <summary>
    /// Everyone's stretches on a layer between two instants, overrides applied and clipped to the window;
    /// adjacent stretches of the same person from the same source are merged.
    /// </summary>
    public static List<Shift> Timeline(LayerPlan layer, IReadOnlyList<OverridePlan> overrides, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var result = new List<Shift>();
        if (to <= from)
        {
            return result;
        }

        var mine = overrides.Where(o => o.Layer == layer.Position && o.End > from && o.Start < to).ToList();
        var boundaries = new SortedSet<DateTimeOffset> { from, to };
        foreach (var o in mine)
        {
            boundaries.Add(Clamp(o.Start, from, to));
            boundaries.Add(Clamp(o.End, from, to));
        }

        if (layer.Members.Count > 0)
        {
            var k = Math.Max(0, ShiftIndexAt(layer, from, zone));
            for (var start = ShiftStart(layer, k, zone); start < to; start = ShiftStart(layer, ++k, zone))
            {
                if (start > from)
                {
                    boundaries.Add(start);
                }
            }
        }

        var points = boundaries.ToList();
        for (var i = 0; i < points.Count - 1; i++)
        {
            var (start, end) = (points[i], points[i + 1]);
            if (At(layer, mine, start, zone) is not { } who)
            {
                continue;
            }

            var piece = who with { Start = start, End = end };
            if (result.Count > 0 && result[^1] is var last && last.End == start && last.PersonId == piece.PersonId && last.OverrideId == piece.OverrideId
                && (piece.Override || RegularShiftAt(layer, start, zone)?.Start == RegularShiftAt(layer, last.Start, zone)?.Start))
            {
                result[^1] = last with { End = end };
            }
            else
            {
                result.Add(piece);
            }
        }

        return result;
    }

    /// <summary>Regular handovers (shift starts) of a layer in [from, to).</summary>
    public static IEnumerable<DateTimeOffset> Handovers(LayerPlan layer, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        if (layer.Members.Count == 0)
        {
            yield break;
        }

        var k = Math.Max(0, ShiftIndexAt(layer, from, zone));
        for (var start = ShiftStart(layer, k, zone); start < to; start = ShiftStart(layer, ++k, zone))
        {
            if (start >= from)
            {
                yield return start;
            }
        }
    }

    private static DateTimeOffset Clamp(DateTimeOffset value, DateTimeOffset min, DateTimeOffset max) =>
        value < min ? min : value > max ? max : value;
}
