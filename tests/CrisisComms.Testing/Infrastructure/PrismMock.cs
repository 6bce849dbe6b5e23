using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using CrisisComms.Testing.Hosts;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// Prism (@stoplight/prism-cli 5.14.x) as a validating mock of one OpenAPI file, on a free loopback port.
/// Send an adapter's real HTTP requests to <see cref="BaseAddress"/> through a
/// <see cref="PrismViolationGuard"/>: a request that breaks the spec then fails the test.
/// Prism checks requests well; its response bodies are generated junk, so do not test parsing with them.
/// </summary>
public sealed class PrismMock : IAsyncDisposable
{
    /// <summary>Names the prism executable; <c>./test.sh</c> sets it after installing Prism.</summary>
    public const string ExecutableVariable = "CRISISCOMMS_PRISM";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly ChildProcess _process;
    private readonly string _folder;

    private PrismMock(ChildProcess process, string folder, string specPath, Uri baseAddress, TimeSpan startedIn)
    {
        _process = process;
        _folder = folder;
        SpecPath = specPath;
        BaseAddress = baseAddress;
        StartedIn = startedIn;
    }

    /// <summary><c>http://127.0.0.1:port/</c>; the spec's paths go straight after it (its servers' base paths are not used).</summary>
    public Uri BaseAddress { get; }

    public string SpecPath { get; }

    /// <summary>From process start to the port accepting connections.</summary>
    public TimeSpan StartedIn { get; }

    /// <summary>Prism's own log: every request it saw and why it refused it.</summary>
    public string LogTail(int lines = 40) => _process.Tail(lines);

    /// <summary>
    /// Starts <c>prism mock --host 127.0.0.1 --port N --errors --dynamic --seed 42 spec</c> and waits until it listens.
    /// <c>--errors</c> makes a bad request fail, <c>--dynamic --seed 42</c> gives responses that pass Prism's own
    /// response check, the same ones on every run.
    /// </summary>
    public static async Task<PrismMock> StartAsync(string specPath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(specPath))
        {
            throw new FileNotFoundException($"OpenAPI file for Prism not found: {specPath}", specPath);
        }

        var prism = FindExecutable();
        var folder = Path.Combine(Path.GetTempPath(), $"crisiscomms-prism-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        try
        {
            // The free port can be taken between asking and binding: try another one then.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Next();
                var log = Path.Combine(folder, $"prism-{port}.log");
                string[] arguments =
                [
                    "mock", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture),
                    "--errors", "--dynamic", "--seed", "42", specPath,
                ];
                var clock = Stopwatch.StartNew();
                var process = ChildProcess.Start(prism, arguments, log);
                try
                {
                    await WaitUntilListeningAsync(process, port, specPath, cancellationToken);
                    return new PrismMock(process, folder, specPath, new Uri($"http://127.0.0.1:{port}/"), clock.Elapsed);
                }
                catch (PortTakenException) when (attempt < 3)
                {
                    process.Dispose();
                }
                catch
                {
                    process.Dispose();
                    throw;
                }
            }
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>An HttpClient for <see cref="BaseAddress"/> whose requests all pass through <paramref name="guard"/>.</summary>
    public HttpClient CreateClient(PrismViolationGuard guard)
    {
        ArgumentNullException.ThrowIfNull(guard);
        guard.InnerHandler ??= new SocketsHttpHandler();
        return new HttpClient(guard) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        TryDelete(_folder);
    }

    /// <summary><c>$CRISISCOMMS_PRISM</c>, else <c>.tools/prism/node_modules/.bin/prism</c> in the checkout.</summary>
    public static string FindExecutable()
    {
        var named = Environment.GetEnvironmentVariable(ExecutableVariable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return File.Exists(named)
                ? named
                : throw new InvalidOperationException(
                    $"{ExecutableVariable}={named}, but no file is there. Run ./test.sh: it installs Prism into .tools/prism and sets {ExecutableVariable}.");
        }

        var installed = Path.Combine(RepositoryRoot.Find(), ".tools", "prism", "node_modules", ".bin", "prism");
        return File.Exists(installed)
            ? installed
            : throw new InvalidOperationException(
                $"Prism is not installed: {ExecutableVariable} is not set and {installed} does not exist. " +
                "Run ./test.sh once (it installs @stoplight/prism-cli 5.14.2 into .tools/prism), or set " +
                $"{ExecutableVariable} to a prism executable.");
    }

    private static async Task WaitUntilListeningAsync(ChildProcess process, int port, string specPath, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (process.HasExited)
            {
                var tail = process.Tail();
                if (tail.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    throw new PortTakenException();
                }

                throw new InvalidOperationException($"Prism stopped before listening on port {port} ({specPath}). Its log ({process.LogPath}):\n{tail}");
            }

            if (await AcceptsConnectionsAsync(port, cancellationToken))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Prism did not listen on port {port} within {StartTimeout.TotalSeconds:F0} s ({specPath}). Its log:\n{process.Tail()}");
            }

            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(250, delay.TotalMilliseconds * 2));
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed class PortTakenException() : Exception("Prism could not bind the free port it was given (EADDRINUSE), three times running");
}
