using System.Net;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Monitoring.Tests.Support;
using CrisisComms.Monitoring.Volume;
using CrisisComms.Testing;
using CrisisComms.Testing.Fakes;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CrisisComms.Monitoring.Tests;

/// <summary>A silent source raises SourceStale; a minute far above its baseline is a spike; drafting's hashtag look-up.</summary>
public sealed class HealthVolumeUsageTests : MonitoringTest
{
    private static readonly SpikeSettings Spikes = new(MinCount: 20, MinRatio: 3.0, Deviations: 4.0);

    [Fact]
    public void A_minute_far_above_a_steady_baseline_is_a_spike_and_a_busy_but_ordinary_one_or_a_quiet_one_is_not()
    {
        var steady = Enumerable.Range(0, 60).Select(i => (long)(8 + (i % 3))).ToList();

        Assert.True(SpikeDetector.Judge(steady, 120, Spikes).Spike);
        Assert.False(SpikeDetector.Judge(steady, 11, Spikes).Spike);
        Assert.False(SpikeDetector.Judge(Enumerable.Repeat(0L, 60).ToList(), 15, Spikes).Spike);
    }

    [Fact]
    public async Task A_source_silent_longer_than_its_threshold_is_announced_stale_once()
    {
        await using var x = await FakeXApi.StartAsync();
        await SetAccountAsync("x", new { baseUrl = x.BaseAddress.ToString(), userId = x.UserId }, new { bearerToken = x.AppBearerToken });
        Assert.Equal(PollOutcome.Polled, (await PollAsync(SourceTypes.XMentions)).Outcome);

        Clock.Advance(TimeSpan.FromMinutes(20));
        await Host.InScopeAsync(sp => sp.GetRequiredService<SourceHealthCheck>().RunAsync(CancellationToken.None));
        await Host.InScopeAsync(sp => sp.GetRequiredService<SourceHealthCheck>().RunAsync(CancellationToken.None));

        Assert.True(await Host.Harness.Published.Any<SourceStale>(m => m.Context.Message.Source == SourceTypes.XMentions));
        Assert.Single(Host.Harness.Published.Select<SourceStale>(m => m.Context.Message.Source == SourceTypes.XMentions));
        Assert.Equal("Stale", (await SourceAsync(SourceTypes.XMentions)).Text("state"));
    }

    [Fact]
    public async Task Drafting_asking_about_a_tag_hears_how_often_it_was_used_and_by_how_many()
    {
        var said = new[] { ("@ann", "Roads flooded #DCCRoads"), ("@bob", "Still closed? #dccroads"), ("@ann", "Any news #DCCRoads"), ("@cat", "Unrelated #Other") };
        for (var i = 0; i < said.Length; i++)
        {
            await Host.Client.PostJsonAsync("/api/v1/monitoring/sandbox/mentions",
                new { channel = "x", nativeId = $"18700000000000000{i}", author = said[i].Item1, text = said[i].Item2 }, HttpStatusCode.Accepted);
        }

        var client = Host.Harness.GetRequestClient<CheckHashtagUsage>();
        var usage = (await client.GetResponse<HashtagUsage>(new CheckHashtagUsage("#DCCRoads", 7))).Message;

        Assert.Equal((3, 2, false), (usage.Mentions, usage.DistinctAuthors, usage.Watched));
        Assert.Contains("@ann", usage.TopAuthors);
    }
}
