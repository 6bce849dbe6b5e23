using System.Net.Mail;
using System.Text.RegularExpressions;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Recipients;

internal sealed record GroupRequest(IReadOnlyList<string>? Addresses);

internal sealed record GroupView(string Channel, string Group, int Count);

internal static partial class RecipientEndpoints
{
    public static void MapRecipients(this IEndpointRouteBuilder app)
    {
        var groups = app.MapGroup("/api/v1/channels/{channel}/groups").WithTags("Channels").RequireAuthorization(Policies.Admins);
        groups.MapGet("/", ListAsync).WithName("ListGroups").WithSummary("SMS subscriber groups or email distribution lists, with their sizes.");
        groups.MapPut("/{group}", ReplaceAsync).WithName("ReplaceGroup").WithSummary("Replace a group's members (E.164 numbers for sms, addresses for email).");
    }

    internal static async Task<Results<Ok<List<GroupView>>, ProblemHttpResult>> ListAsync(string channel, PublishingDbContext db, CancellationToken cancellationToken)
    {
        if (channel is not (ChannelNames.Sms or ChannelNames.Email))
        {
            return ApiProblems.Validation("channel", "groups are for sms and email");
        }

        var groups = await db.Recipients.AsNoTracking().Where(r => r.Channel == channel).GroupBy(r => r.Group)
            .Select(g => new GroupView(channel, g.Key, g.Count())).ToListAsync(cancellationToken);
        return TypedResults.Ok(groups.OrderBy(g => g.Group, StringComparer.Ordinal).ToList());
    }

    internal static async Task<Results<Ok<GroupView>, ProblemHttpResult>> ReplaceAsync(
        string channel, string group, GroupRequest request, PublishingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (channel is not (ChannelNames.Sms or ChannelNames.Email))
        {
            return ApiProblems.Validation("channel", "groups are for sms and email");
        }

        if (!GroupName().IsMatch(group))
        {
            return ApiProblems.Validation("group", "is 1 to 60 lower-case letters, digits or hyphens");
        }

        var addresses = (request.Addresses ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var invalid = addresses.Where(a => channel == ChannelNames.Sms ? !E164().IsMatch(a) : !MailAddress.TryCreate(a, out _)).Take(5).ToList();
        if (invalid.Count > 0)
        {
            return ApiProblems.Validation("addresses", $"not {(channel == ChannelNames.Sms ? "an E.164 number (+447700900123)" : "an email address")}: {string.Join(", ", invalid)}");
        }

        var now = time.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            await db.Recipients.Where(r => r.Channel == channel && r.Group == group).ExecuteDeleteAsync(cancellationToken);
            db.Recipients.AddRange(addresses.Select(a => new Recipient { Id = Guid.CreateVersion7(), Channel = channel, Group = group, Address = a, AddedAt = now }));
            return true;
        }, cancellationToken);
        return TypedResults.Ok(new GroupView(channel, group, addresses.Count));
    }

    [GeneratedRegex(@"^\+[1-9]\d{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupName();
}
