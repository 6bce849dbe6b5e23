using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Scheduling;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Ledger;
using CrisisComms.Publishing.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrisisComms.Publishing.Reach;

/// <summary>
/// How far each recent post went: X public_metrics and Facebook post insights, fetched on a recurring
/// Quartz schedule and announced as <see cref="ReachUpdated"/>. Asking twice only re-reads figures.
/// </summary>
[ReadOnlyConsumer]
internal sealed partial class RefreshReachConsumer(PublishingDbContext db, ChannelRegistry registry, IOptions<PublishingOptions> options, TimeProvider time, ILogger<RefreshReachConsumer> logger)
    : IConsumer<RefreshReach>
{
    public async Task Consume(ConsumeContext<RefreshReach> context)
    {
        var since = time.GetUtcNow() - options.Value.ReachWindow;
        var sent = await db.Ledger.AsNoTracking()
            .Where(e => e.Status == LedgerStatus.Sent && !e.Sandbox && e.ChannelPostId != null && e.UpdatedAt >= since
                && (e.Channel == ChannelNames.X || e.Channel == ChannelNames.Facebook))
            .Select(e => new { e.Channel, e.ChannelPostId, e.PostId, e.IncidentId })
            .ToListAsync(context.CancellationToken);
        foreach (var channel in sent.GroupBy(e => e.Channel))
        {
            var target = await registry.ResolveAsync(channel.Key, context.CancellationToken);
            if (target.Adapter is not IReachSource source || target.Sandbox)
            {
                continue;
            }

            try
            {
                var figures = await source.ReachAsync(channel.Select(e => e.ChannelPostId!).ToList(), target.CallFor(new LedgerEntry { IdempotencyKey = "reach", Channel = channel.Key }), context.CancellationToken);
                var posts = channel.ToDictionary(e => e.ChannelPostId!, e => e);
                foreach (var f in figures.Where(f => posts.ContainsKey(f.ChannelPostId)))
                {
                    var post = posts[f.ChannelPostId];
                    await context.Publish(new ReachUpdated(post.PostId, post.IncidentId, channel.Key, f.Impressions, f.Engagements, f.Shares, f.Replies, time.GetUtcNow()));
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ChannelConfigurationException)
            {
                LogReachFailed(channel.Key, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reach figures from {Channel} could not be fetched: {Error}")]
    private partial void LogReachFailed(string channel, string error);
}

/// <summary>Sets up (or replaces) the recurring reach schedule when publishing starts.</summary>
internal sealed class ReachSchedule(IServiceProvider services, IOptions<PublishingOptions> options, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // After start-up: the scheduler itself starts once the application has.
        lifetime.ApplicationStarted.Register(() => _ = services.GetRequiredService<IMessageSchedule>()
            .ScheduleRecurringAsync("publishing-reach", options.Value.ReachInterval, new RefreshReach(), CancellationToken.None));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
