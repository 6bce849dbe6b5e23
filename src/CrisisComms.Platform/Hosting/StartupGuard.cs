using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Hosting;

/// <summary>
/// A wrong setting ends the process with one line naming the key (exit code 2), not a stack trace;
/// a process that cannot finish starting ends with one line naming the limit (exit code 3), not a hang.
/// </summary>
public static class StartupGuard
{
    public const int BadSetting = 2;
    public const int NotStarted = 3;

    public static async Task<int> RunAsync(Func<Task> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await run();
            return 0;
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync($"crisiscomms: {e.Message}");
            return BadSetting;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"crisiscomms: {SettingsValidation.Describe(e)}");
            return BadSetting;
        }
    }

    /// <summary>
    /// Runs <paramref name="host"/> until it is shut down, as <c>RunAsync</c> does, but gives up on a
    /// start that takes longer than <see cref="StartupOptions.Limit"/>. Some failures leave a start
    /// waiting for ever (a client library that hangs while stopping after a failed start); a process
    /// that exits is restarted by compose or systemd, one that hangs is not.
    /// </summary>
    public static async Task RunHostAsync(IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            var limit = host.Services.GetRequiredService<IOptions<StartupOptions>>().Value.Limit;
            var starting = host.StartAsync();
            if (await Task.WhenAny(starting, Task.Delay(limit)) != starting)
            {
                await Console.Error.WriteLineAsync(
                    $"crisiscomms: not started within {limit} ({StartupOptions.Section}:Limit); exiting so it can be restarted (the log says what it was waiting for)");
                // Not disposing: a start that hangs would hang the disposal too.
                Environment.Exit(NotStarted);
            }

            await starting;
            await host.WaitForShutdownAsync();
        }
        finally
        {
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }
}
