using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using CrisisComms.Publishing.Ledger;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Accounts;

/// <summary>What the console shows of a channel: live or sandbox, health, kill switch. Never its credentials.</summary>
internal sealed record ChannelView(
    string Channel,
    string Mode,
    bool Paused,
    bool PausedAutomatically,
    string? PausedReason,
    DateTimeOffset? PausedAt,
    int ConsecutiveFailures,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastFailureAt,
    string? LastError,
    long Sent,
    long Failed,
    int Waiting,
    int InDoubt,
    JsonElement Settings,
    IReadOnlyList<string> CredentialsSet,
    int CredentialsVersion,
    DateTimeOffset? CredentialsRotatedAt);

internal sealed record ChannelAccountRequest(bool? Enabled, JsonElement? Settings, Dictionary<string, string>? Credentials);

internal sealed record PauseRequest(string? Reason);

internal sealed record ResolveRequest(string? Outcome, string? ChannelPostId, string? Note);

internal static class ChannelEndpoints
{
    public static void MapChannels(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/channels").WithTags("Channels");
        channels.MapGet("/", ListAsync).RequireAuthorization(Policies.Staff).WithName("ListChannels")
            .WithSummary("Every channel's mode (live or sandbox), health, kill switch and what is waiting.");
        channels.MapPut("/{channel}", SetAccountAsync).RequireAuthorization(Policies.Admins).WithName("SetChannelAccount")
            .WithSummary("Admins: the channel's settings and credentials. Credentials are write-only, encrypted at rest and never logged; sending new ones rotates them without a restart.");
        channels.MapPost("/{channel}/pause", PauseAsync).RequireAuthorization(Policies.Staff).WithName("PauseChannel")
            .WithSummary("The kill switch: posts for this channel wait; the others keep their speed.");
        channels.MapPost("/{channel}/resume", ResumeAsync).RequireAuthorization(Policies.Staff).WithName("ResumeChannel")
            .WithSummary("Resume a paused channel: what waited is sent now.");
        app.MapPost("/api/v1/publishing/ledger/{key}/resolve", ResolveAsync).WithTags("Publishing").RequireAuthorization(Policies.Staff).WithName("ResolveInDoubt")
            .WithSummary("An officer settles a post whose outcome was unknown: 'sent' (found on the channel) or 'not-sent' (send it again).");
    }

    internal static async Task<Ok<List<ChannelView>>> ListAsync(PublishingDbContext db, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var accounts = await db.ChannelAccounts.AsNoTracking().ToDictionaryAsync(a => a.Channel, cancellationToken);
        var waiting = await db.Ledger.AsNoTracking().Where(e => e.Status == LedgerStatus.Pending || e.Status == LedgerStatus.Attempted)
            .GroupBy(e => e.Channel).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var unknown = await db.Ledger.AsNoTracking().Where(e => e.Status == LedgerStatus.Unknown)
            .GroupBy(e => e.Channel).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var subscriptions = await db.WebhookSubscriptions.AnyAsync(w => w.Active, cancellationToken);
        return TypedResults.Ok(ChannelNames.All.Select(channel =>
        {
            accounts.TryGetValue(channel, out var a);
            var mode = channel is ChannelNames.Web or ChannelNames.Cap || (channel == ChannelNames.Webhook ? subscriptions : a is { Enabled: true }) ? "live" : "sandbox";
            return new ChannelView(
                channel, mode, a?.Paused ?? false, a?.PausedAutomatically ?? false, a?.PausedReason, a?.PausedAt, a?.ConsecutiveFailures ?? 0,
                a?.LastSuccessAt, a?.LastFailureAt, a?.LastError, a?.Sent ?? 0, a?.Failed ?? 0, waiting.GetValueOrDefault(channel), unknown.GetValueOrDefault(channel),
                JsonDocument.Parse(a?.Settings ?? "{}").RootElement.Clone(),
                secrets.Unprotect(a?.Secrets).Keys.Order(StringComparer.Ordinal).ToList(),
                a?.SecretsVersion ?? 0, a?.SecretsRotatedAt);
        }).ToList());
    }

    internal static async Task<Results<Ok<ChannelView>, ProblemHttpResult>> SetAccountAsync(
        string channel, ChannelAccountRequest request, PublishingDbContext db, ChannelSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ChannelNames.All.Contains(channel) || channel is ChannelNames.Web or ChannelNames.Cap)
        {
            return ApiProblems.Validation("channel", $"'{channel}' has no account (one of x, facebook, sms, email, telegram)");
        }

        if (request.Settings is { ValueKind: not JsonValueKind.Object })
        {
            return ApiProblems.Validation("settings", "is a JSON object");
        }

        if (request.Credentials?.FirstOrDefault(c => string.IsNullOrEmpty(c.Value) || c.Value.Length > 8000) is { Key: { } bad })
        {
            return ApiProblems.Validation($"credentials.{bad}", "is 1 to 8,000 characters");
        }

        var now = time.GetUtcNow();
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == channel, cancellationToken);
        if (account is null)
        {
            account = new ChannelAccount { Channel = channel };
            db.ChannelAccounts.Add(account);
        }

        account.Enabled = request.Enabled ?? account.Enabled;
        if (request.Settings is { } settings)
        {
            account.Settings = settings.GetRawText();
        }

        if (request.Credentials is { Count: > 0 } credentials)
        {
            // Rotation: the next call uses the new credentials; calls in flight finish with the old.
            account.Secrets = secrets.Protect(credentials);
            account.SecretsVersion++;
            account.SecretsRotatedAt = now;
        }

        account.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok((await ListAsync(db, secrets, cancellationToken)).Value!.Single(c => c.Channel == channel));
    }

    internal static async Task<Results<Ok<ChannelView>, ProblemHttpResult>> PauseAsync(
        string channel, PauseRequest request, PublishingDbContext db, ChannelSecrets secrets, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!ChannelNames.All.Contains(channel))
        {
            return ApiProblems.NotFound("Channel", channel);
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return ApiProblems.Validation("reason", "is required");
        }

        var now = time.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == channel, cancellationToken);
            if (account is null)
            {
                account = new ChannelAccount { Channel = channel, UpdatedAt = now };
                db.ChannelAccounts.Add(account);
            }

            if (!account.Paused)
            {
                account.Paused = true;
                account.PausedAutomatically = false;
                account.PausedReason = $"{request.Reason.Trim()} ({user.Name})";
                account.PausedAt = now;
                db.Outbox.Publish(new ChannelPaused(channel, account.PausedReason, Automatic: false, account.LastError, now));
            }

            return true;
        }, cancellationToken);
        return TypedResults.Ok((await ListAsync(db, secrets, cancellationToken)).Value!.Single(c => c.Channel == channel));
    }

    internal static async Task<Results<Ok<ChannelView>, ProblemHttpResult>> ResumeAsync(
        string channel, PublishingDbContext db, ChannelSecrets secrets, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == channel, cancellationToken);
        if (account is null)
        {
            return ApiProblems.NotFound("Channel", channel);
        }

        if (account.Paused)
        {
            var now = time.GetUtcNow();
            await db.InTransactionAsync(async () =>
            {
                account.Paused = false;
                account.PausedAutomatically = false;
                account.PausedReason = null;
                account.ConsecutiveFailures = 0;
                // What waited goes now, in the order it came.
                var waiting = await db.Ledger.Where(e => e.Channel == channel && e.Status == LedgerStatus.Pending && e.Command != null)
                    .OrderBy(e => e.CreatedAt).ToListAsync(cancellationToken);
                foreach (var entry in waiting)
                {
                    entry.NextAttemptAt = null;
                    db.Outbox.Publish(JsonSerializer.Deserialize<PublishToChannel>(entry.Command!, MessageTypes.Json)!);
                }

                db.Outbox.Publish(new ChannelResumed(channel, user.Name, now));
                return true;
            }, cancellationToken);
        }

        return TypedResults.Ok((await ListAsync(db, secrets, cancellationToken)).Value!.Single(c => c.Channel == channel));
    }

    internal static async Task<Results<Ok<LedgerEntryResponse>, ProblemHttpResult>> ResolveAsync(
        string key, ResolveRequest request, PublishingDbContext db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.Outcome is not ("sent" or "not-sent"))
        {
            return ApiProblems.Validation("outcome", "is 'sent' (it is on the channel) or 'not-sent' (send it again)");
        }

        var entry = await db.Ledger.FirstOrDefaultAsync(e => e.IdempotencyKey == key, cancellationToken);
        if (entry is null)
        {
            return ApiProblems.NotFound("Ledger entry", key);
        }

        if (entry.Status != LedgerStatus.Unknown)
        {
            return ApiProblems.Conflict("ledger-state", "Only a post in doubt can be settled.", $"{key} is {entry.Status}.");
        }

        var now = time.GetUtcNow();
        await db.InTransactionAsync(async () =>
        {
            entry.UpdatedAt = now;
            entry.Error = $"settled by {user.Name}: {request.Outcome}{(request.Note is null ? string.Empty : $" ({request.Note})")}";
            if (request.Outcome == "sent")
            {
                entry.Status = LedgerStatus.Sent;
                entry.ChannelPostId = request.ChannelPostId ?? entry.ChannelPostId;
                return await LedgerNews.Announce(db, entry);
            }

            entry.Status = LedgerStatus.Pending;
            entry.NextAttemptAt = null;
            db.Outbox.Publish(JsonSerializer.Deserialize<PublishToChannel>(entry.Command!, MessageTypes.Json)!);
            return true;
        }, cancellationToken);
        return TypedResults.Ok(LedgerEndpoints.View(entry));
    }
}
