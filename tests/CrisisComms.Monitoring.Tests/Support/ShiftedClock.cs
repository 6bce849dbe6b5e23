namespace CrisisComms.Monitoring.Tests.Support;

/// <summary>The real clock moved by a fixed offset: a host started "later" that still sees time pass.</summary>
public sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
