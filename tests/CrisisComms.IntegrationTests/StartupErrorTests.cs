using CrisisComms.Testing.Hosts;
using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.IntegrationTests;

/// <summary>A wrong setting stops the binary with one line naming the key — not a stack trace at 3 a.m.</summary>
public sealed class StartupErrorTests
{
    [Theory]
    [InlineData("CrisisComms:Services: unknown service 'nonsense'", "--services", "nonsense")]
    [InlineData("CrisisComms:Services: running a subset (drafting) needs RabbitMQ, PostgreSQL and Redis", "--services", "drafting")]
    [InlineData("ConnectionStrings:redis: is required", "--services", "drafting", "--ConnectionStrings:rabbitmq=amqp://localhost/", "--ConnectionStrings:postgres=Host=localhost")]
    [InlineData("CrisisComms:Bus:DeliveryLimit: The field DeliveryLimit must be between 1 and 1000.", "--CrisisComms:Bus:DeliveryLimit=0")]
    [InlineData("CrisisComms:Drafting:HashtagPrefix: must be 2 to 10 letters or digits", "--CrisisComms:Drafting:HashtagPrefix=#DCC")]
    [InlineData("CrisisComms:LogFormat: 'xml' is not one of json, text", "--CrisisComms:LogFormat=xml")]
    [InlineData("CrisisComms:DataProtection:KeyEncryptionKey: is not base64", "--CrisisComms:DataProtection:KeyEncryptionKey=not-a-key!")]
    [InlineData("CrisisComms:Publishing:MaxAttempts: The field MaxAttempts must be between 1 and 100.", "--CrisisComms:Publishing:MaxAttempts=0")]
    [InlineData("CrisisComms:Startup:Limit: The field Limit must be between 00:00:01 and 01:00:00.", "--CrisisComms:Startup:Limit=00:00:00")]
    public async Task A_bad_setting_is_one_line_naming_the_key(string expected, params string[] arguments)
    {
        var data = Path.Combine(Path.GetTempPath(), $"crisiscomms-bad-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync([.. arguments, "--urls", $"http://127.0.0.1:{FreePort.Next()}", $"--CrisisComms:DataDirectory={data}"]);

            Assert.Equal(2, exitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("crisiscomms: configuration error: ", line, StringComparison.Ordinal);
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_process_that_cannot_finish_starting_exits_naming_the_limit_instead_of_hanging()
    {
        // Nothing listens on these ports: the database wait alone would go on for 90 s.
        var (exitCode, stdout, stderr) = await RunAsync(
        [
            "--services", "drafting",
            "--urls", $"http://127.0.0.1:{FreePort.Next()}",
            $"--ConnectionStrings:rabbitmq=amqp://127.0.0.1:{FreePort.Next()}/",
            $"--ConnectionStrings:postgres=Host=127.0.0.1;Port={FreePort.Next()};Username=cc;Password=cc;Database=cc;Timeout=2",
            $"--ConnectionStrings:redis=127.0.0.1:{FreePort.Next()},connectTimeout=500",
            "--CrisisComms:Startup:Limit=00:00:03",
        ]);

        Assert.Equal(3, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("crisiscomms: not started within 00:00:03 (CrisisComms:Startup:Limit); exiting so it can be restarted (the log says what it was waiting for)", line);
        Assert.Contains("not reachable yet", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ServerBinary.Directory,
        };
        info.ArgumentList.Add(ServerBinary.Path);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["CrisisComms__LogFormat"] = null;
        using var process = System.Diagnostics.Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
