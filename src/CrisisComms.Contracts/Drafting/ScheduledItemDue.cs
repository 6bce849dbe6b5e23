namespace CrisisComms.Contracts.Drafting;

/// <summary>Scheduled command: a scheduled post or reminder is due.</summary>
public record ScheduledItemDue(Guid ItemId);
