using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.State;
using CrisisComms.Publishing.Channels;
using CrisisComms.Publishing.Channels.Sandbox;
using CrisisComms.Publishing.Ledger;
using CrisisComms.Publishing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Publishing.Accounts;

/// <summary>A channel as a post sees it: its live adapter with the account's credentials, or the sandbox.</summary>
internal sealed class ChannelTarget(string channel, IChannelAdapter? adapter, SandboxAdapter sandbox, ChannelAccount? account, Func<LedgerEntry, ChannelCall> call)
{
    public string Channel => channel;

    public bool Sandbox => adapter is null;

    public ChannelAccount? Account => account;

    public Task<ChannelOutcome> PublishAsync(ChannelPost post, LedgerEntry entry, CancellationToken cancellationToken) =>
        adapter is null ? sandbox.PublishAsync(post, cancellationToken) : adapter.PublishAsync(post, call(entry), cancellationToken);

    public Task<Lookup> LookUpAsync(ChannelPost post, LedgerEntry entry, CancellationToken cancellationToken) =>
        adapter is null ? sandbox.LookUpAsync(post, cancellationToken) : adapter.LookUpAsync(post, call(entry), entry.CreatedAt, cancellationToken);

    /// <summary>Takes the post down from every part the ledger recorded (or the one id it has).</summary>
    public Task<ChannelOutcome> WithdrawAsync(ChannelPost post, LedgerEntry entry, CancellationToken cancellationToken)
    {
        if (entry.Sandbox)
        {
            return sandbox.WithdrawAsync(post, cancellationToken);
        }

        if (adapter is null)
        {
            return Task.FromResult(ChannelOutcome.Refused($"{channel}: the account it was posted with is switched off; switch it on to withdraw"));
        }

        IReadOnlyList<string> ids = entry.PartIds.Count > 0 ? entry.PartIds : entry.ChannelPostId is { } id ? [id] : [];
        return adapter.WithdrawAsync(post, ids, call(entry), cancellationToken);
    }

    public ChannelCall CallFor(LedgerEntry entry) => call(entry);

    public IChannelAdapter? Adapter => adapter;

    /// <summary>The client-side rate limit shared by every replica (Redis token bucket), per account.</summary>
    public TokenBucketPolicy? RateLimit
    {
        get
        {
            if (adapter is null || account is null)
            {
                return null;
            }

            using var settings = JsonDocument.Parse(account.Settings);
            var root = settings.RootElement;
            if (root.TryGetProperty("postsPerWindow", out var count) && root.TryGetProperty("windowMinutes", out var minutes))
            {
                return TokenBucketPolicy.PerWindow(count.GetInt32(), TimeSpan.FromMinutes(minutes.GetDouble()));
            }

            return channel switch
            {
                // X: 100 posts per user per 15 minutes. Telegram: about 20 messages a minute to one channel.
                ChannelNames.X => TokenBucketPolicy.PerWindow(100, TimeSpan.FromMinutes(15)),
                ChannelNames.Facebook => TokenBucketPolicy.PerWindow(200, TimeSpan.FromHours(1)),
                ChannelNames.Telegram => TokenBucketPolicy.PerWindow(20, TimeSpan.FromMinutes(1)),
                _ => null,
            };
        }
    }
}

/// <summary>Finds each channel's adapter and account. Web and CAP are ours: always live.</summary>
internal sealed class ChannelRegistry(PublishingDbContext db, ChannelSecrets secrets, IServiceProvider services, TimeProvider time)
{
    private static readonly Dictionary<string, Type> Adapters = new(StringComparer.Ordinal)
    {
        [ChannelNames.X] = typeof(Channels.X.XAdapter),
        [ChannelNames.Facebook] = typeof(Channels.Facebook.FacebookAdapter),
        [ChannelNames.Sms] = typeof(Channels.Sms.TwilioSmsAdapter),
        [ChannelNames.Email] = typeof(Channels.Email.EmailAdapter),
        [ChannelNames.Telegram] = typeof(Channels.Telegram.TelegramAdapter),
        [ChannelNames.Webhook] = typeof(Channels.Webhook.WebhookAdapter),
        [ChannelNames.Web] = typeof(Channels.Web.WebPageAdapter),
        [ChannelNames.Cap] = typeof(Channels.Web.CapFeedAdapter),
    };

    public async Task<ChannelTarget> ResolveAsync(string channel, CancellationToken cancellationToken)
    {
        var account = await db.ChannelAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Channel == channel, cancellationToken);
        var own = channel is ChannelNames.Web or ChannelNames.Cap;
        var live = own
            || (channel == ChannelNames.Webhook ? await db.WebhookSubscriptions.AnyAsync(w => w.Active, cancellationToken) : account is { Enabled: true });
        IChannelAdapter? adapter = live && Adapters.TryGetValue(channel, out var type) ? (IChannelAdapter)services.GetRequiredService(type) : null;
        var sandbox = services.GetRequiredService<SandboxAdapter>();
        var settings = JsonDocument.Parse(account?.Settings ?? "{}").RootElement.Clone();
        var decrypted = secrets.Unprotect(account?.Secrets);
        return new ChannelTarget(channel, adapter, sandbox, account, entry => new ChannelCall(
            channel,
            settings,
            decrypted,
            entry.PartIds,
            (index, id) => RecordPartAsync(entry, index, id),
            updated =>
            {
                // Later calls through this target (a lookup after a publish) must use the rotated pair too.
                decrypted = new Dictionary<string, string>(updated, StringComparer.Ordinal);
                return SaveSecretsAsync(channel, updated);
            }));
    }

    private async Task RecordPartAsync(LedgerEntry entry, int index, string channelPostId)
    {
        var parts = entry.PartIds.Take(index).Append(channelPostId).ToList();
        entry.PartIds = parts;
        await db.Ledger.Where(e => e.IdempotencyKey == entry.IdempotencyKey)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.PartIds, parts).SetProperty(e => e.UpdatedAt, time.GetUtcNow()));
    }

    private async Task SaveSecretsAsync(string channel, IReadOnlyDictionary<string, string> updated)
    {
        var protectedSecrets = secrets.Protect(updated);
        await db.ChannelAccounts.Where(a => a.Channel == channel)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Secrets, protectedSecrets).SetProperty(a => a.SecretsRotatedAt, time.GetUtcNow()));
    }
}
