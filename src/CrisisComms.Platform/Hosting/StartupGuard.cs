using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Hosting;

/// <summary>
/// A wrong setting ends the process with one line naming the key (exit code 2), not a stack trace.
/// </summary>
public static class StartupGuard
{
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
            return 2;
        }
        catch (OptionsValidationException e)
        {
            await Console.Error.WriteLineAsync($"crisiscomms: {SettingsValidation.Describe(e)}");
            return 2;
        }
    }
}
