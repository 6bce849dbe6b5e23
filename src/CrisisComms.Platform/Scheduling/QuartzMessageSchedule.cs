using System.Text.Json;
using CrisisComms.Platform.Persistence;
using Quartz;

namespace CrisisComms.Platform.Scheduling;

internal sealed class QuartzMessageSchedule(ISchedulerFactory schedulers) : IMessageSchedule
{
    public const string Group = "crisiscomms-messages";

    public async Task ScheduleAsync(ScheduledPublish message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = new JobKey(message.Key ?? message.MessageId.ToString(), Group);
        var job = JobBuilder.Create<PublishScheduledMessageJob>()
            .WithIdentity(key)
            .UsingJobData(PublishScheduledMessageJob.TypeKey, message.MessageType)
            .UsingJobData(PublishScheduledMessageJob.BodyKey, message.Body)
            .UsingJobData(PublishScheduledMessageJob.MessageIdKey, message.MessageId.ToString())
            .UsingJobData(PublishScheduledMessageJob.IncidentIdKey, message.IncidentId?.ToString() ?? string.Empty)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, Group)
            .ForJob(key)
            .StartAt(message.DeliverAt)
            // Missed while every replica was down: publish as soon as one is back.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public async Task ScheduleRecurringAsync<T>(string key, TimeSpan interval, T message, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(message);
        var jobKey = new JobKey(key, Group);
        var job = JobBuilder.Create<PublishScheduledMessageJob>()
            .WithIdentity(jobKey)
            .UsingJobData(PublishScheduledMessageJob.TypeKey, MessageTypes.NameOf(message.GetType()))
            .UsingJobData(PublishScheduledMessageJob.BodyKey, JsonSerializer.Serialize(message, message.GetType(), MessageTypes.Json))
            .UsingJobData(PublishScheduledMessageJob.MessageIdKey, string.Empty)
            .UsingJobData(PublishScheduledMessageJob.IncidentIdKey, string.Empty)
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key, Group)
            .ForJob(jobKey)
            .StartNow()
            // A recurring job that missed firings while down fires once, not once per missed interval.
            .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    public async Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.DeleteJob(new JobKey(key, Group), cancellationToken);
    }
}
