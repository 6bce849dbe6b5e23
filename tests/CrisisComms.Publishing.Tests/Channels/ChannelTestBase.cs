using CrisisComms.Contracts.Publishing;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit;

namespace CrisisComms.Publishing.Tests.Channels;

/// <summary>A host with the whole server (embedded, test harness) whose channel accounts point at fakes.</summary>
public abstract class ChannelTestBase : HostedTest
{
    protected CapturedLogs Logs { get; } = new();

    protected override void Configure(ServiceHostOptions options)
    {
        options.Logs = Logs;
        options.Settings["CrisisComms:Publishing:RetryBase"] = "00:00:00.200";
        options.Settings["CrisisComms:Publishing:CallTimeout"] = "00:00:05";
        options.Settings["CrisisComms:Publishing:PausedRecheck"] = "00:00:01";
    }

    protected Task SetAccountAsync(string channel, object settings, object credentials) =>
        Host.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/channels/{channel}", new { enabled = true, settings, credentials });

    protected static PublishToChannel Command(string channel, string text, Guid? postId = null, Guid? incidentId = null)
    {
        var post = postId ?? Guid.NewGuid();
        return new PublishToChannel(post, incidentId ?? Guid.NewGuid(), channel, text, $"{post:N}:{channel}");
    }

    protected async Task<System.Text.Json.JsonElement> PublishAndSettleAsync(PublishToChannel command)
    {
        await Host.Harness.Bus.Publish(command);
        return await SettledAsync(command);
    }

    protected Task<System.Text.Json.JsonElement> SettledAsync(PublishToChannel command) => Eventually.GetAsync(
        async () => (await Host.Client.GetJsonAsync($"/api/v1/publishing/ledger?postId={command.PostId}&channel={command.Channel}")).EnumerateArray().SingleOrDefault(),
        e => e.ValueKind == System.Text.Json.JsonValueKind.Object && e.Text("status") is "Sent" or "Failed" or "Unknown",
        Patience,
        $"{command.Channel} settled");
}
