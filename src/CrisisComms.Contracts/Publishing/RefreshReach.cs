namespace CrisisComms.Contracts.Publishing;

/// <summary>Scheduled command (recurring): fetch reach figures for recently published posts.</summary>
public record RefreshReach;
