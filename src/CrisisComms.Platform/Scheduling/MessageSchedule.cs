using System.Security.Cryptography;
using System.Text;
using CrisisComms.Platform.Persistence;

namespace CrisisComms.Platform.Scheduling;

/// <summary>A message to publish later, as it waited in an outbox row.</summary>
public sealed record ScheduledPublish(
    Guid MessageId,
    string MessageType,
    string Body,
    Guid? IncidentId,
    DateTimeOffset DeliverAt,
    string? Key)
{
    public static ScheduledPublish From(OutboxMessage row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.MessageId, row.MessageType, row.Body, row.IncidentId, row.DeliverAt ?? row.CreatedAt, row.ScheduleKey);
    }
}

/// <summary>
/// Publishes messages at a time, durably (Quartz on the database, clustered on PostgreSQL so each
/// fires once across replicas). Services schedule through their outbox (<c>Db.Outbox.Schedule</c>), so
/// a schedule is made if and only if the state change that wanted it commits.
/// </summary>
public interface IMessageSchedule
{
    /// <summary>Schedules (or, with the same key, replaces) a one-off publish.</summary>
    Task ScheduleAsync(ScheduledPublish message, CancellationToken cancellationToken = default);

    /// <summary>Publishes <paramref name="message"/> every <paramref name="interval"/> until cancelled; replaces a schedule with the same key.</summary>
    Task ScheduleRecurringAsync<T>(string key, TimeSpan interval, T message, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>True when a schedule with this key existed and was removed.</summary>
    Task<bool> CancelAsync(string key, CancellationToken cancellationToken = default);
}

internal static class ScheduledMessageIds
{
    /// <summary>
    /// The id of one firing of a recurring schedule: the same for a re-fire of that firing (after a
    /// crash), different for the next, so consumers' inboxes see each firing once.
    /// </summary>
    public static Guid ForFiring(string key, DateTimeOffset scheduledFireTime)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{key}|{scheduledFireTime.UtcTicks}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
