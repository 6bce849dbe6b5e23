using System.Text.Json;
using CrisisComms.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Sources;

/// <summary>The kinds of account an organisation connects, and the source types each yields.</summary>
internal static class AccountTypes
{
    public const string X = "x";
    public const string Facebook = "facebook";
    public const string Sms = "sms";
    public const string Telegram = "telegram";
    public const string Email = "email";
    public const string Feed = "feed";

    public const string FeedKeyPrefix = "feed-";

    /// <summary>The account type a key names: x, facebook, sms, telegram, email, or feed-&lt;name&gt;; null if none.</summary>
    public static string? OfKey(string key) => key switch
    {
        X or Facebook or Sms or Telegram or Email => key,
        _ when key.StartsWith(FeedKeyPrefix, StringComparison.Ordinal) && key.Length > FeedKeyPrefix.Length => Feed,
        _ => null,
    };
}

internal static class SourceTypes
{
    public const string XMentions = "x-mentions";
    public const string XSearch = "x-search";
    public const string FacebookComments = "facebook-comments";
    public const string FacebookWebhook = "facebook-webhook";
    public const string Sms = "sms";
    public const string Telegram = "telegram";
    public const string Email = "email";
    public const string Feed = "feed";

    /// <summary>The type of a source key: the part before ':' (<c>x-search:#DCCFlood</c> → <c>x-search</c>).</summary>
    public static string Of(string key) => key.Split(':', 2)[0];
}

/// <summary>One source as configured now: what it is, which account it uses, how often it is polled, when it is stale.</summary>
internal sealed record SourceDefinition(string Key, string Type, string Channel, string Account, bool Polled, TimeSpan Interval, TimeSpan? StaleAfter)
{
    public SourceWatch? Watch { get; init; }
}

/// <summary>A source ready to work: its implementation and its account's settings and credentials.</summary>
internal sealed record ResolvedSource(SourceDefinition Definition, IMentionSource Source, SourceAccountView Account);

/// <summary>
/// Which sources exist: derived from the enabled accounts and the active watches (each watched hashtag or
/// keyword is searched on X as its own source, with its own cursor).
/// </summary>
internal sealed class SourceCatalog(MonitoringDbContext db, SourceSecrets secrets, IServiceProvider services, IOptions<MonitoringOptions> options)
{
    public async Task<IReadOnlyList<SourceDefinition>> ListAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.SourceAccounts.AsNoTracking().Where(a => a.Enabled).OrderBy(a => a.Key).ToListAsync(cancellationToken);
        var watches = await db.Watches.AsNoTracking().Where(w => w.Active).OrderBy(w => w.StartedAt).ToListAsync(cancellationToken);
        var sources = new List<SourceDefinition>();
        foreach (var account in accounts)
        {
            var view = new SourceAccountView(account.Key, account.Type, Parse(account.Settings), new Dictionary<string, string>());
            sources.AddRange(Define(account, view, watches.Select(w => new SourceWatch(w.Term, w.IncidentId, w.StartedAt)).ToList()));
        }

        return sources;
    }

    public async Task<ResolvedSource?> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        var definition = (await ListAsync(cancellationToken)).FirstOrDefault(s => s.Key == key);
        if (definition is null)
        {
            return null;
        }

        var account = await db.SourceAccounts.AsNoTracking().FirstAsync(a => a.Key == definition.Account, cancellationToken);
        var view = new SourceAccountView(account.Key, account.Type, Parse(account.Settings), secrets.Unprotect(account.Secrets));
        return new ResolvedSource(definition, services.GetRequiredKeyedService<IMentionSource>(definition.Type), view);
    }

    /// <summary>The account behind a webhook source, enabled or not (null when never configured).</summary>
    public async Task<(SourceAccount Account, SourceAccountView View)?> AccountAsync(string key, CancellationToken cancellationToken)
    {
        var account = await db.SourceAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Key == key, cancellationToken);
        return account is null ? null : (account, new SourceAccountView(account.Key, account.Type, Parse(account.Settings), secrets.Unprotect(account.Secrets)));
    }

    /// <summary>The sources one enabled account yields, without its watched searches: a webhook's source without listing every account.</summary>
    public IEnumerable<SourceDefinition> SourcesOf(SourceAccount account, SourceAccountView view) => Define(account, view, []);

    private IEnumerable<SourceDefinition> Define(SourceAccount account, SourceAccountView view, IReadOnlyList<SourceWatch> watches)
    {
        var stale = StaleAfter(view, options.Value.StaleAfter);
        switch (account.Type)
        {
            case AccountTypes.X:
                if (view.Setting("userId") is { Length: > 0 })
                {
                    yield return new SourceDefinition(SourceTypes.XMentions, SourceTypes.XMentions, "x", account.Key, true, Seconds(view, "pollSeconds", 15), stale);
                }

                var terms = watches.Select(w => w).Concat(view.List("keywords").Select(k => new SourceWatch(k, null, account.CreatedAt)));
                foreach (var watch in terms.DistinctBy(w => w.Term, StringComparer.OrdinalIgnoreCase))
                {
                    yield return new SourceDefinition($"{SourceTypes.XSearch}:{watch.Term}", SourceTypes.XSearch, "x", account.Key, true, Seconds(view, "searchPollSeconds", 15), stale) { Watch = watch };
                }

                break;
            case AccountTypes.Facebook:
                if (view.Setting("pageId") is { Length: > 0 })
                {
                    yield return new SourceDefinition(SourceTypes.FacebookComments, SourceTypes.FacebookComments, "facebook", account.Key, true, Seconds(view, "pollSeconds", 30), stale);
                }

                yield return new SourceDefinition(SourceTypes.FacebookWebhook, SourceTypes.FacebookWebhook, "facebook", account.Key, false, TimeSpan.Zero, StaleAfter(view, null, "webhookStaleAfterMinutes"));
                break;
            case AccountTypes.Sms:
                // Listens to Twilio's webhook and reads Twilio's message list now and then, to fill any gap.
                yield return new SourceDefinition(SourceTypes.Sms, SourceTypes.Sms, "sms", account.Key, view.Setting("number") is { Length: > 0 }, Seconds(view, "pollSeconds", 300), StaleAfter(view, TimeSpan.FromHours(1)));
                break;
            case AccountTypes.Telegram:
                yield return new SourceDefinition(SourceTypes.Telegram, SourceTypes.Telegram, "telegram", account.Key, true, Seconds(view, "pollSeconds", 5), stale);
                break;
            case AccountTypes.Email:
                yield return new SourceDefinition(SourceTypes.Email, SourceTypes.Email, "email", account.Key, true, Seconds(view, "pollSeconds", 30), StaleAfter(view, TimeSpan.FromMinutes(30)));
                break;
            case AccountTypes.Feed:
                yield return new SourceDefinition($"{SourceTypes.Feed}:{account.Key[AccountTypes.FeedKeyPrefix.Length..]}", SourceTypes.Feed, "feed", account.Key, true, Seconds(view, "pollSeconds", 120), StaleAfter(view, TimeSpan.FromHours(1)));
                break;
        }
    }

    private static TimeSpan Seconds(SourceAccountView view, string name, int fallback) =>
        TimeSpan.FromSeconds(int.TryParse(view.Setting(name), System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 86_400 ? s : fallback);

    private static TimeSpan? StaleAfter(SourceAccountView view, TimeSpan? fallback, string setting = "staleAfterMinutes") =>
        int.TryParse(view.Setting(setting), System.Globalization.CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 10_080 ? TimeSpan.FromMinutes(m) : fallback;

    internal static JsonElement Parse(string settings)
    {
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(settings) ? "{}" : settings);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }
    }
}
