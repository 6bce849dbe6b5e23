namespace CrisisComms.Testing;

/// <summary>Waits for a condition by polling with a deadline — never by sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(25);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not true within {timeout.TotalSeconds:F0} s (last value: {Describe(last)})");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        GetAsync(probe, ok => ok, timeout, what);

    private static string Describe<T>(T value) => value switch
    {
        System.Collections.ICollection c => $"{c.Count} items",
        null => "null",
        _ => value.ToString() ?? string.Empty,
    };
}
