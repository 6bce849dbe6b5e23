namespace CrisisComms.Contracts.Monitoring;

/// <summary>Scheduled command (every minute): judge every source's health, report it, raise <see cref="SourceStale"/>.</summary>
public record CheckSourceHealth;
