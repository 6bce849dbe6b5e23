using System.Runtime.InteropServices;
using CrisisComms.Testing.Infrastructure;

// test.sh starts the real servers once for the whole run with this, instead of once per test
// assembly: it writes their addresses as CRISISCOMMS_TEST_* lines to the file named by its argument,
// then holds them until SIGTERM/SIGINT (or stdin closes) and removes them.
if (args.Length != 1)
{
    await Console.Error.WriteLineAsync("usage: CrisisComms.TestServers <env-file>");
    return 2;
}

await using var servers = await RealServers.AcquireAsync();
var lines = servers.Endpoints.ToEnvironment().Select(e => $"export {e.Key}='{e.Value}'");
await File.WriteAllLinesAsync(args[0] + ".tmp", lines);
File.Move(args[0] + ".tmp", args[0], overwrite: true);
Console.WriteLine($"servers ready ({servers.Endpoints.Origin})");

using var stop = new CancellationTokenSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("stopping servers");
return 0;
