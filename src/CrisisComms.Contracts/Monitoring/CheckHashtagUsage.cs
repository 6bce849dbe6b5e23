namespace CrisisComms.Contracts.Monitoring;

/// <summary>Request: how often has <paramref name="Hashtag"/> appeared in the last <paramref name="Days"/> days, and by whom?</summary>
public record CheckHashtagUsage(string Hashtag, int Days);
