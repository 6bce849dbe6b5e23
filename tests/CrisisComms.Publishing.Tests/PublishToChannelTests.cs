using CrisisComms.Contracts.Publishing;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.Publishing.Tests;

public sealed class PublishToChannelTests : HostedTest
{
    [Fact]
    public async Task A_command_posts_on_the_sandbox_records_it_in_the_ledger_and_reports_it()
    {
        var command = new PublishToChannel(Guid.NewGuid(), Guid.NewGuid(), ChannelNames.Telegram, "Rest centre open at Exeter Corn Exchange.", $"{Guid.NewGuid():N}:telegram");

        await Host.Harness.Bus.Publish(command);

        Assert.True(await Host.Harness.Published.Any<PostPublished>(m => m.Context.Message.PostId == command.PostId));
        var published = Host.Harness.Published.Select<PostPublished>(m => m.Context.Message.PostId == command.PostId).Single().Context.Message;
        var sandbox = await Host.Client.GetJsonAsync($"/api/v1/publishing/sandbox?incidentId={command.IncidentId}");
        var ledger = await Host.Client.GetJsonAsync($"/api/v1/publishing/ledger?postId={command.PostId}");
        Assert.Equal(command.Text, Assert.Single(sandbox.EnumerateArray()).Text("text"));
        Assert.Equal(published.ChannelPostId, sandbox[0].Id().ToString("N"));
        Assert.Equal("Sent", Assert.Single(ledger.EnumerateArray()).Text("status"));
    }

    [Fact]
    public async Task The_same_post_and_channel_is_never_posted_twice_even_under_new_message_ids()
    {
        var command = new PublishToChannel(Guid.NewGuid(), Guid.NewGuid(), ChannelNames.Sms, "Boil water notice lifted.", $"{Guid.NewGuid():N}:sms");
        var consumed = ConsumeCounter.On(Host.Harness.Bus);

        await Host.Harness.Bus.Publish(command);
        await Host.Harness.Bus.Publish(command);
        await Host.Harness.Bus.Publish(command, c => c.MessageId = NewId.NextGuid());

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<PublishToChannel>() == 3), Patience, "three deliveries consumed");
        var sandbox = await Host.Client.GetJsonAsync($"/api/v1/publishing/sandbox?incidentId={command.IncidentId}");
        var ledger = await Host.Client.GetJsonAsync($"/api/v1/publishing/ledger?postId={command.PostId}");
        Assert.Single(sandbox.EnumerateArray());
        Assert.Equal(1, Assert.Single(ledger.EnumerateArray()).GetProperty("attempts").GetInt32());
        // Every command is answered, so drafting learns the outcome whichever copy it waits for.
        Assert.All(Host.Harness.Published.Select<PostPublished>(m => m.Context.Message.PostId == command.PostId),
            m => Assert.Equal(sandbox[0].Id().ToString("N"), m.Context.Message.ChannelPostId));
    }
}
