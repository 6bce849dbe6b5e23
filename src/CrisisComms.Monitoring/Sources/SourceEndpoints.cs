using System.Text.Json;
using CrisisComms.Monitoring.Health;
using CrisisComms.Monitoring.Persistence;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Monitoring.Sources;

/// <summary>An account as the console shows it: never its credentials, only which are set.</summary>
internal sealed record AccountView(string Key, string Type, bool Enabled, JsonElement Settings, IReadOnlyList<string> CredentialsSet, int CredentialsVersion, DateTimeOffset? CredentialsRotatedAt, DateTimeOffset UpdatedAt);

internal sealed record AccountRequest(bool? Enabled, JsonElement? Settings, Dictionary<string, string>? Credentials);

/// <summary>One source's health, as the console and dashboard show it.</summary>
internal sealed record SourceView(
    string Source,
    string Type,
    string Channel,
    string Account,
    bool Polled,
    string State,
    bool Stale,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastPollAt,
    DateTimeOffset? LastItemAt,
    double LagSeconds,
    double ItemsPerMinute,
    int ErrorsLastHour,
    int ConsecutiveFailures,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? NextPollAt,
    DateTimeOffset? BackoffUntil,
    long ItemsTotal,
    double IntervalSeconds,
    double? StaleAfterSeconds);

internal sealed record RejectionView(string Source, string? NativeId, string Reason, string? Excerpt, DateTimeOffset At);

internal static partial class SourceEndpoints
{
    public static void MapSources(this IEndpointRouteBuilder app)
    {
        var monitoring = app.MapGroup("/api/v1/monitoring").WithTags("Monitoring");
        monitoring.MapGet("/accounts", ListAccountsAsync).RequireAuthorization(Policies.Staff).WithName("ListMonitoringAccounts")
            .WithSummary("The accounts monitoring listens with (credentials never shown, only which are set).");
        monitoring.MapPut("/accounts/{key}", SetAccountAsync).RequireAuthorization(Policies.Admins).WithName("SetMonitoringAccount")
            .WithSummary("Admins: connect or change an account (x, facebook, sms, telegram, email, feed-<name>). Credentials are write-only and encrypted at rest; new ones rotate them without a restart.");
        monitoring.MapGet("/sources", ListSourcesAsync).RequireAuthorization(Policies.Staff).WithName("ListMonitoringSources")
            .WithSummary("Every source's health: state, last success, lag, items per minute, errors in the last hour, last error.");
        monitoring.MapPost("/sources/{source}/poll", PollNowAsync).RequireAuthorization(Policies.Staff).WithName("PollMonitoringSource")
            .WithSummary("Poll a source now instead of at its next turn (a rate-limit backoff is still honoured).");
        monitoring.MapGet("/sources/{source}/rejections", ListRejectionsAsync).RequireAuthorization(Policies.Staff).WithName("ListSourceRejections")
            .WithSummary("What a source read but could not use, newest first, with the reason.");
    }

    internal static async Task<Ok<List<AccountView>>> ListAccountsAsync(MonitoringDbContext db, SourceSecrets secrets, CancellationToken cancellationToken)
    {
        var accounts = await db.SourceAccounts.AsNoTracking().OrderBy(a => a.Key).ToListAsync(cancellationToken);
        return TypedResults.Ok(accounts.Select(a => View(a, secrets)).ToList());
    }

    internal static async Task<Results<Ok<AccountView>, ProblemHttpResult>> SetAccountAsync(
        string key, AccountRequest request, MonitoringDbContext db, SourceSecrets secrets, SourceAccountCache accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        var type = AccountTypes.OfKey(key);
        if (type is null || key.Length > 60 || (type == AccountTypes.Feed && !FeedName().IsMatch(key)))
        {
            return ApiProblems.Validation("key", "is x, facebook, sms, telegram, email, or feed-<name> (lower case letters, digits and dashes, at most 60 characters)");
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
        var account = await db.SourceAccounts.FirstOrDefaultAsync(a => a.Key == key, cancellationToken);
        if (account is null)
        {
            account = new SourceAccount { Key = key, Type = type, CreatedAt = now };
            db.SourceAccounts.Add(account);
        }

        account.Enabled = request.Enabled ?? account.Enabled;
        if (request.Settings is { } settings)
        {
            account.Settings = settings.GetRawText();
        }

        var current = secrets.Unprotect(account.Secrets);
        if (request.Credentials is { Count: > 0 } credentials)
        {
            // Rotation: the next poll or delivery uses the new credentials.
            foreach (var (name, value) in credentials)
            {
                current[name] = value;
            }

            account.Secrets = secrets.Protect(current);
            account.SecretsVersion++;
            account.SecretsRotatedAt = now;
        }

        if (account.Enabled && AccountRules.Problems(type, SourceCatalog.Parse(account.Settings), current) is { Count: > 0 } problems)
        {
            return ApiProblems.Validation(problems, $"{key} cannot be switched on yet: " + string.Join("; ", problems.Select(p => $"{p.Key} {p.Value[0]}")));
        }

        account.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        accounts.Invalidate(key);
        return TypedResults.Ok(View(account, secrets));
    }

    internal static async Task<Ok<List<SourceView>>> ListSourcesAsync(MonitoringDbContext db, SourceCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var definitions = (await catalog.ListAsync(cancellationToken)).ToDictionary(d => d.Key, StringComparer.Ordinal);
        var states = await db.SourceStates.AsNoTracking().ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, cancellationToken);
        var views = new List<SourceView>();
        foreach (var key in definitions.Keys.Union(states.Where(s => s.Value.Active).Select(s => s.Key)).Order(StringComparer.Ordinal))
        {
            definitions.TryGetValue(key, out var definition);
            var state = states.GetValueOrDefault(key) ?? new SourceState
            {
                Key = key,
                Type = definition!.Type,
                Channel = definition.Channel,
                Account = definition.Account,
                ActiveSince = now,
            };
            var (judged, lag) = SourceHealthRules.Judge(state, definition, now);
            views.Add(new SourceView(
                key, state.Type, state.Channel, state.Account, definition?.Polled ?? false, judged, state.Stale, state.LastSuccessAt, state.LastPollAt, state.LastItemAt,
                Math.Round(lag.TotalSeconds, 1), state.ItemsPerMinute, state.ErrorsLastHour, state.ConsecutiveFailures, state.LastError, state.LastErrorAt,
                state.NextPollAt, state.BackoffUntil, state.ItemsTotal, definition?.Interval.TotalSeconds ?? 0, definition?.StaleAfter?.TotalSeconds));
        }

        return TypedResults.Ok(views);
    }

    internal static async Task<Results<Ok<PollReport>, ProblemHttpResult>> PollNowAsync(string source, SourcePoller poller, CancellationToken cancellationToken)
    {
        var report = await poller.PollAsync(source, evenIfNotDue: true, cancellationToken);
        return report.Outcome switch
        {
            PollOutcome.NotConfigured => ApiProblems.NotFound("Source", source),
            PollOutcome.PushOnly => ApiProblems.Conflict("push-only", "This source is not polled.", $"{source} listens for webhooks; there is nothing to poll."),
            _ => TypedResults.Ok(report),
        };
    }

    internal static async Task<Ok<List<RejectionView>>> ListRejectionsAsync(string source, MonitoringDbContext db, CancellationToken cancellationToken)
    {
        var rejections = await db.SourceRejections.AsNoTracking().Where(r => r.Source == source).OrderByDescending(r => r.Id).Take(100)
            .Select(r => new RejectionView(r.Source, r.NativeId, r.Reason, r.Excerpt, r.At)).ToListAsync(cancellationToken);
        return TypedResults.Ok(rejections);
    }

    private static AccountView View(SourceAccount a, SourceSecrets secrets) => new(
        a.Key, a.Type, a.Enabled, SourceCatalog.Parse(a.Settings), secrets.Unprotect(a.Secrets).Keys.Order(StringComparer.Ordinal).ToList(), a.SecretsVersion, a.SecretsRotatedAt, a.UpdatedAt);

    [System.Text.RegularExpressions.GeneratedRegex("^feed-[a-z0-9][a-z0-9-]{0,54}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FeedName();
}

/// <summary>What each kind of account needs before it can be switched on, named field by field.</summary>
internal static class AccountRules
{
    public static Dictionary<string, string[]> Problems(string type, JsonElement settings, IReadOnlyDictionary<string, string> secrets)
    {
        var problems = new Dictionary<string, string[]>();
        var view = new SourceAccountView("account", type, settings, secrets);
        void Setting(string name)
        {
            if (string.IsNullOrWhiteSpace(view.Setting(name)))
            {
                problems[$"settings.{name}"] = ["is required"];
            }
        }

        void Credential(string name)
        {
            if (view.SecretOrNull(name) is null)
            {
                problems[$"credentials.{name}"] = ["is required"];
            }
        }

        switch (type)
        {
            case AccountTypes.X:
                if (view.Setting("auth", "bearer") == "oauth1")
                {
                    foreach (var name in new[] { "consumerKey", "consumerSecret", "accessToken", "accessTokenSecret" })
                    {
                        Credential(name);
                    }
                }
                else
                {
                    Credential("bearerToken");
                }

                break;
            case AccountTypes.Facebook:
                if (view.Setting("pageId") is { Length: > 0 })
                {
                    Credential("pageAccessToken");
                }
                else if (view.SecretOrNull("appSecret") is null)
                {
                    problems["settings.pageId"] = ["is required to poll (with credentials.pageAccessToken), or credentials.appSecret to take webhooks"];
                }

                break;
            case AccountTypes.Sms:
                Setting("webhookUrl");
                Credential("authToken");
                break;
            case AccountTypes.Telegram:
                Credential("botToken");
                break;
            case AccountTypes.Email:
                Setting("host");
                Credential("username");
                Credential("password");
                break;
            case AccountTypes.Feed:
                Setting("url");
                break;
        }

        foreach (var url in new[] { "baseUrl", "url", "webhookUrl" })
        {
            if (view.Setting(url) is { Length: > 0 } text && !(Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                problems[$"settings.{url}"] = ["is an http(s) URL"];
            }
        }

        return problems;
    }
}
