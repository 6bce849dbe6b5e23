using CrisisComms.OnCall.Rotas;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>Rota arithmetic in Europe/London, across the 2026 clock changes (29 March, 25 October).</summary>
public sealed class RotaMathTests
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Ben = Guid.NewGuid();
    private static readonly Guid Cat = Guid.NewGuid();

    private static LayerPlan Weekly(DateOnly start) => new(0, "Duty officer", 7, start, new TimeOnly(9, 0), [Ann, Ben]);

    private static LayerPlan Daily(DateOnly start) => new(1, "Back-up", 1, start, new TimeOnly(9, 0), [Ann, Ben, Cat]);

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void A_weekly_handover_at_nine_stays_at_nine_local_across_the_spring_change()
    {
        // Sunday 22 March 2026, GMT; the clocks go forward on Sunday 29 March.
        var layer = Weekly(new DateOnly(2026, 3, 22));

        var before = RotaMath.ShiftStart(layer, 0, London);
        var after = RotaMath.ShiftStart(layer, 1, London);

        Assert.Equal(Utc(2026, 3, 22, 9), before);
        Assert.Equal(Utc(2026, 3, 29, 8), after);
        Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(RotaMath.ToLocal(after, London)));
        Assert.Equal(TimeSpan.FromHours(167), after - before);
    }

    [Fact]
    public void A_weekly_handover_at_nine_stays_at_nine_local_across_the_autumn_change()
    {
        var layer = Weekly(new DateOnly(2026, 10, 18));

        var before = RotaMath.ShiftStart(layer, 0, London);
        var after = RotaMath.ShiftStart(layer, 1, London);

        Assert.Equal(Utc(2026, 10, 18, 8), before);
        Assert.Equal(Utc(2026, 10, 25, 9), after);
        Assert.Equal(TimeSpan.FromHours(169), after - before);
    }

    [Fact]
    public void Who_is_on_call_changes_exactly_at_the_local_handover_on_the_day_the_clocks_change()
    {
        var layer = Weekly(new DateOnly(2026, 3, 22));

        Assert.Equal(Ann, RotaMath.RegularShiftAt(layer, Utc(2026, 3, 29, 7, 59), London)!.PersonId);
        Assert.Equal(Ben, RotaMath.RegularShiftAt(layer, Utc(2026, 3, 29, 8, 0), London)!.PersonId);
        Assert.Null(RotaMath.RegularShiftAt(layer, Utc(2026, 3, 22, 8, 59), London));
    }

    [Fact]
    public void A_daily_back_up_rotates_each_local_morning_through_both_changes()
    {
        var spring = Daily(new DateOnly(2026, 3, 27));
        var autumn = Daily(new DateOnly(2026, 10, 23));

        var springStarts = Enumerable.Range(0, 4).Select(k => RotaMath.ShiftStart(spring, k, London)).ToList();
        var autumnStarts = Enumerable.Range(0, 4).Select(k => RotaMath.ShiftStart(autumn, k, London)).ToList();

        Assert.All(springStarts.Concat(autumnStarts), s => Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(RotaMath.ToLocal(s, London))));
        Assert.Equal(TimeSpan.FromHours(23), springStarts[2] - springStarts[1]);
        Assert.Equal(TimeSpan.FromHours(25), autumnStarts[2] - autumnStarts[1]);
        Assert.Equal([Ann, Ben, Cat, Ann], Enumerable.Range(0, 4).Select(k => RotaMath.RegularShift(spring, k, London).PersonId));
    }

    [Fact]
    public void A_handover_inside_the_spring_gap_happens_when_the_clocks_have_jumped()
    {
        var layer = new LayerPlan(0, "Night", 1, new DateOnly(2026, 3, 28), new TimeOnly(1, 30), [Ann, Ben]);

        // 01:30 does not exist on 29 March: the clocks go from 01:00 GMT to 02:00 BST (01:00 UTC).
        Assert.Equal(Utc(2026, 3, 29, 1), RotaMath.ShiftStart(layer, 1, London));
    }

    [Fact]
    public void A_handover_in_the_repeated_autumn_hour_happens_at_its_first_occurrence()
    {
        var layer = new LayerPlan(0, "Night", 1, new DateOnly(2026, 10, 24), new TimeOnly(1, 30), [Ann, Ben]);

        // 01:30 happens twice on 25 October: first in BST (00:30 UTC), then in GMT (01:30 UTC).
        Assert.Equal(Utc(2026, 10, 25, 0, 30), RotaMath.ShiftStart(layer, 1, London));
    }

    [Fact]
    public void An_override_covers_its_window_and_the_regular_shift_resumes_after_it()
    {
        var layer = Weekly(new DateOnly(2026, 3, 22));
        var cover = new OverridePlan(Guid.NewGuid(), 0, Cat, Utc(2026, 3, 24, 12), Utc(2026, 3, 25, 12), DateTimeOffset.UnixEpoch);

        var timeline = RotaMath.Timeline(layer, [cover], Utc(2026, 3, 22, 9), Utc(2026, 4, 5, 8), London);

        Assert.Equal(
            [(Ann, Utc(2026, 3, 22, 9), Utc(2026, 3, 24, 12), false), (Cat, Utc(2026, 3, 24, 12), Utc(2026, 3, 25, 12), true),
             (Ann, Utc(2026, 3, 25, 12), Utc(2026, 3, 29, 8), false), (Ben, Utc(2026, 3, 29, 8), Utc(2026, 4, 5, 8), false)],
            timeline.Select(s => (s.PersonId, s.Start, s.End, s.Override)));
        Assert.Equal(Cat, RotaMath.At(layer, [cover], Utc(2026, 3, 25, 11, 59), London)!.PersonId);
        Assert.Equal(Ann, RotaMath.At(layer, [cover], Utc(2026, 3, 25, 12), London)!.PersonId);
    }

    [Fact]
    public void The_latest_override_wins_where_two_overlap()
    {
        var layer = Weekly(new DateOnly(2026, 3, 22));
        var first = new OverridePlan(Guid.NewGuid(), 0, Ben, Utc(2026, 3, 23, 0), Utc(2026, 3, 24, 0), DateTimeOffset.UnixEpoch);
        var later = new OverridePlan(Guid.NewGuid(), 0, Cat, Utc(2026, 3, 23, 6), Utc(2026, 3, 23, 12), DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.Equal(Ben, RotaMath.At(layer, [first, later], Utc(2026, 3, 23, 5), London)!.PersonId);
        Assert.Equal(Cat, RotaMath.At(layer, [first, later], Utc(2026, 3, 23, 7), London)!.PersonId);
    }

    [Fact]
    public void Handovers_in_a_window_are_the_shift_starts()
    {
        var layer = Daily(new DateOnly(2026, 10, 23));

        var handovers = RotaMath.Handovers(layer, Utc(2026, 10, 24, 0), Utc(2026, 10, 27, 0), London).ToList();

        Assert.Equal([Utc(2026, 10, 24, 8), Utc(2026, 10, 25, 9), Utc(2026, 10, 26, 9)], handovers);
    }
}
