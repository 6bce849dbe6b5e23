namespace CrisisComms.Contracts.Monitoring;

/// <summary>Response to <see cref="CheckHashtagUsage"/>: what monitoring has heard of the tag.</summary>
public record HashtagUsage(
    string Hashtag,
    int Days,
    int Mentions,
    int DistinctAuthors,
    IReadOnlyList<string> TopAuthors,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    bool Watched);
