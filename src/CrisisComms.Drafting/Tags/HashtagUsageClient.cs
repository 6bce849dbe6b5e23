using CrisisComms.Contracts.Monitoring;
using MassTransit;

namespace CrisisComms.Drafting.Tags;

/// <summary>
/// Asks monitoring, over the bus, how often a tag appeared recently and by whom. If monitoring does
/// not answer in time the tag can still be issued: the officer is told the usage is unknown.
/// </summary>
internal sealed class HashtagUsageClient(IRequestClient<CheckHashtagUsage> client)
{
    public const int Days = 7;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HashtagUsage?> CheckAsync(string hashtag, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetResponse<HashtagUsage>(new CheckHashtagUsage(hashtag, Days), cancellationToken, RequestTimeout.After(s: (int)Timeout.TotalSeconds));
            return response.Message;
        }
        catch (RequestTimeoutException)
        {
            return null;
        }
    }
}
