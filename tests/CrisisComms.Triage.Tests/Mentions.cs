using System.Globalization;
using CrisisComms.Contracts.Monitoring;

namespace CrisisComms.Triage.Tests;

/// <summary>Mentions as monitoring publishes them.</summary>
internal static class Mentions
{
    public static MentionReceived Of(string text, Guid? incident = null, string kind = "Reply", string channel = "x", long? followers = null, bool repost = false) =>
        new(Guid.NewGuid(), channel, Random.Shared.NextInt64().ToString(CultureInfo.InvariantCulture), "@someone", text, DateTimeOffset.UtcNow, incident, incident is null ? null : "#DCCFlood")
        {
            Kind = kind,
            AuthorId = Random.Shared.Next().ToString(CultureInfo.InvariantCulture),
            AuthorFollowers = followers,
            IsRepost = repost,
            Source = channel == "x" ? "x-mentions" : channel,
        };
}
