using CrisisComms.Contracts.Monitoring;
using CrisisComms.Platform.Messaging;
using MassTransit;

namespace CrisisComms.Monitoring.Mentions;

/// <summary>
/// Stores what webhooks captured, in batches (a burst of single-mention deliveries is written a few dozen
/// at a time, not one transaction each). Redelivered or repeated captures store and announce nothing twice.
/// </summary>
[IdempotentBy("(channel, native id) is unique: a redelivered capture finds its mentions stored and announces nothing")]
internal sealed class MentionsCapturedConsumer(MentionStore store) : IConsumer<Batch<MentionsCaptured>>
{
    public async Task Consume(ConsumeContext<Batch<MentionsCaptured>> context)
    {
        foreach (var group in context.Message.Select(m => m.Message).GroupBy(m => (m.Source, m.Channel)))
        {
            var mentions = group.SelectMany(m => m.Mentions).ToList();
            await store.StoreAsync(group.Key.Source, group.Key.Channel, mentions, alongside: null, claimFirst: false, context.CancellationToken);
        }
    }
}

internal sealed class MentionsCapturedConsumerDefinition : ConsumerDefinition<MentionsCapturedConsumer>
{
    public const int BatchSize = 32;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<MentionsCapturedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        consumerConfigurator.Options<BatchOptions>(o => o
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(50))
            .SetConcurrencyLimit(1));
    }
}
