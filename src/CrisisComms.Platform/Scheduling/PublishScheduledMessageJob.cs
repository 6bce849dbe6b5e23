using System.Text.Json;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Persistence;
using MassTransit;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CrisisComms.Platform.Scheduling;

/// <summary>
/// The one job type: publish the stored message. Any replica may fire it (the scheduler cluster is
/// shared); the owning service receives it over the bus like any other message.
/// </summary>
internal sealed partial class PublishScheduledMessageJob(IBus bus, TimeProvider time, ILogger<PublishScheduledMessageJob> logger) : IJob
{
    public const string TypeKey = "type";
    public const string BodyKey = "body";
    public const string MessageIdKey = "messageId";
    public const string IncidentIdKey = "incidentId";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(15);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = context.MergedJobDataMap;
        var messageId = Guid.TryParse(data.GetString(MessageIdKey), out var id)
            ? id
            : ScheduledMessageIds.ForFiring(context.JobDetail.Key.Name, context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
        Guid? incidentId = Guid.TryParse(data.GetString(IncidentIdKey), out var incident) ? incident : null;

        try
        {
            var type = MessageTypes.Resolve(data.GetString(TypeKey)!);
            var message = JsonSerializer.Deserialize(data.GetString(BodyKey)!, type, MessageTypes.Json)!;
            await bus.Publish(message, type, c => BusHeaders.Stamp(c, messageId, incidentId), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && context.Trigger is ISimpleTrigger { RepeatCount: 0 })
        {
            // A one-off must not be lost because the broker blinked: try again shortly, same message id.
            LogRetrying(context.JobDetail.Key.Name, RetryDelay, e);
            var retry = TriggerBuilder.Create()
                .ForJob(context.JobDetail)
                .StartAt(time.GetUtcNow() + RetryDelay)
                .UsingJobData(MessageIdKey, messageId.ToString())
                .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await context.Scheduler.ScheduleJob(retry, cancellationToken: cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled message {Key} could not be published; retrying in {Delay}")]
    private partial void LogRetrying(string key, TimeSpan delay, Exception exception);
}
