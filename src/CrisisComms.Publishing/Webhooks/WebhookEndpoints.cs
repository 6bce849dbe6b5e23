using System.Security.Cryptography;
using System.Text.Json;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Security;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Webhooks;

internal sealed record SubscriptionRequest(string? Name, string? Url);

/// <summary>A subscription as created or rotated: the new secret is shown this once, never again.</summary>
internal sealed record SubscriptionView(Guid Id, string Name, string Url, bool Active, int SecretsInUse, string? NewSecret);

internal static class WebhookEndpoints
{
    private const int SecretsKept = 2;

    public static void MapWebhookSubscriptions(this IEndpointRouteBuilder app)
    {
        var subscriptions = app.MapGroup("/api/v1/channels/webhook/subscriptions").WithTags("Channels").RequireAuthorization(Policies.Admins);
        subscriptions.MapGet("/", ListAsync).WithName("ListWebhookSubscriptions");
        subscriptions.MapPost("/", CreateAsync).WithName("CreateWebhookSubscription")
            .WithSummary("A partner system receives every post as signed JSON; its signing secret is shown once.");
        subscriptions.MapPost("/{id:guid}/rotate", RotateAsync).WithName("RotateWebhookSecret")
            .WithSummary("A new signing secret; until the next rotation both are signed with, so the partner can switch without a gap.");
        subscriptions.MapPost("/{id:guid}/retire-old-secrets", RetireAsync).WithName("RetireOldWebhookSecrets")
            .WithSummary("Once the partner verifies with the newest secret: stop signing with the older one.");
        subscriptions.MapDelete("/{id:guid}", DeactivateAsync).WithName("DeactivateWebhookSubscription");
    }

    internal static async Task<Ok<List<SubscriptionView>>> ListAsync(PublishingDbContext db, ChannelSecrets secrets, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.WebhookSubscriptions.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken))
            .Select(s => new SubscriptionView(s.Id, s.Name, s.Url, s.Active, Keys(secrets, s).Count, null)).ToList());

    internal static async Task<Results<Created<SubscriptionView>, ProblemHttpResult>> CreateAsync(
        SubscriptionRequest request, PublishingDbContext db, ChannelSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 120)
        {
            return ApiProblems.Validation("name", "is 1 to 120 characters");
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
        {
            return ApiProblems.Validation("url", "is an absolute https address");
        }

        var secret = NewSecret();
        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            Url = url.ToString(),
            Secrets = Protect(secrets, [secret]),
            Active = true,
            CreatedAt = time.GetUtcNow(),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/channels/webhook/subscriptions/{subscription.Id}", new SubscriptionView(subscription.Id, subscription.Name, subscription.Url, true, 1, secret));
    }

    internal static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> RotateAsync(Guid id, PublishingDbContext db, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return ApiProblems.NotFound("Webhook subscription", id);
        }

        var secret = NewSecret();
        var keys = new[] { secret }.Concat(Keys(secrets, subscription)).Take(SecretsKept).ToList();
        subscription.Secrets = Protect(secrets, keys);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SubscriptionView(subscription.Id, subscription.Name, subscription.Url, subscription.Active, keys.Count, secret));
    }

    internal static async Task<Results<Ok<SubscriptionView>, ProblemHttpResult>> RetireAsync(Guid id, PublishingDbContext db, ChannelSecrets secrets, CancellationToken cancellationToken)
    {
        var subscription = await db.WebhookSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return ApiProblems.NotFound("Webhook subscription", id);
        }

        var keys = Keys(secrets, subscription).Take(1).ToList();
        subscription.Secrets = Protect(secrets, keys);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new SubscriptionView(subscription.Id, subscription.Name, subscription.Url, subscription.Active, keys.Count, null));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeactivateAsync(Guid id, PublishingDbContext db, CancellationToken cancellationToken)
    {
        var changed = await db.WebhookSubscriptions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Active, false), cancellationToken);
        return changed == 0 ? ApiProblems.NotFound("Webhook subscription", id) : TypedResults.NoContent();
    }

    private static List<string> Keys(ChannelSecrets secrets, WebhookSubscription s) =>
        JsonSerializer.Deserialize<List<string>>(secrets.Unprotect(s.Secrets).GetValueOrDefault("secrets") ?? "[]") ?? [];

    private static byte[] Protect(ChannelSecrets secrets, IReadOnlyList<string> keys) =>
        secrets.Protect(new Dictionary<string, string> { ["secrets"] = JsonSerializer.Serialize(keys) });

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
