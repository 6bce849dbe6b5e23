using System.Collections.Concurrent;
using CrisisComms.Contracts.Monitoring;
using CrisisComms.Platform.Hosting;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Monitoring.Tests.Support;

/// <summary>Every MentionReceived a host's bus delivered (redeliveries included), as triage would receive them.</summary>
public sealed class MentionLog
{
    private readonly ConcurrentQueue<(Guid MessageId, MentionReceived Mention)> _deliveries = new();

    public IReadOnlyList<(Guid MessageId, MentionReceived Mention)> Deliveries => [.. _deliveries];

    public int DistinctNativeIds => Deliveries.Select(d => (d.Mention.Channel, d.Mention.NativeId)).Distinct().Count();

    /// <summary>Native ids announced under more than one mention id or message id: duplicates triage would see.</summary>
    public IReadOnlyList<string> AnnouncedTwice => Deliveries
        .GroupBy(d => (d.Mention.Channel, d.Mention.NativeId))
        .Where(g => g.Select(d => d.MessageId).Distinct().Count() > 1 || g.Select(d => d.Mention.MentionId).Distinct().Count() > 1)
        .Select(g => $"{g.Key.Channel}:{g.Key.NativeId}")
        .ToList();

    internal void Add(Guid messageId, MentionReceived mention) => _deliveries.Enqueue((messageId, mention));

    /// <summary>Adds the recording consumer to a host.</summary>
    public void AddTo(PlatformBuilder platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        platform.Services.AddSingleton(this);
        platform.AddConsumers(bus => bus.AddConsumer<RecordMentionsConsumer>());
    }
}

internal sealed class RecordMentionsConsumer(MentionLog log) : IConsumer<MentionReceived>
{
    public Task Consume(ConsumeContext<MentionReceived> context)
    {
        log.Add(context.MessageId ?? Guid.Empty, context.Message);
        return Task.CompletedTask;
    }
}
