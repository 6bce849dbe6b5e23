using System.Text.Json;
using CrisisComms.Contracts.Publishing;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Signatures;
using CrisisComms.Publishing.Accounts;
using CrisisComms.Publishing.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace CrisisComms.Publishing.Channels.Sms;

/// <summary>
/// Twilio's status callbacks: per-recipient delivery (queued → sent → delivered, or failed). The
/// signature (<c>X-Twilio-Signature</c>, over our public callback URL and the form) is checked with the
/// account's auth token before anything is read into the database.
/// </summary>
internal static class TwilioStatusCallback
{
    private const long MaxBody = 64 * 1024;

    public static void MapTwilioStatus(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/publishing/twilio/status", HandleAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    internal static async Task<IResult> HandleAsync(HttpContext http, PublishingDbContext db, ChannelSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength is > MaxBody || !http.Request.HasFormContentType)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "bad-callback", "Not a Twilio status callback.", "Expected a small form-encoded body.");
        }

        var account = await db.ChannelAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Channel == ChannelNames.Sms, cancellationToken);
        var token = secrets.Unprotect(account?.Secrets).GetValueOrDefault("authToken");
        using var settings = JsonDocument.Parse(account?.Settings ?? "{}");
        var url = settings.RootElement.TryGetProperty("statusCallback", out var callback) ? callback.GetString() : null;
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var parameters = form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value.ToString())).ToList();
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(url) || !TwilioSignature.IsValid(token, url, parameters, http.Request.Headers["X-Twilio-Signature"].ToString()))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "bad-signature", "Signature check failed.", "X-Twilio-Signature does not match this account.");
        }

        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString();
        var delivery = await db.SmsDeliveries.FirstOrDefaultAsync(d => d.MessageSid == sid, cancellationToken);
        if (delivery is null || string.IsNullOrEmpty(status))
        {
            // Not ours, or not about a message: acknowledge so Twilio stops retrying.
            return Results.NoContent();
        }

        // Callbacks can arrive out of order: never go back from a final state.
        if (delivery.Status is not ("delivered" or "undelivered" or "failed") || status is "delivered" or "undelivered" or "failed")
        {
            delivery.Status = status;
            delivery.ErrorCode = form["ErrorCode"].ToString() is { Length: > 0 } code ? code : delivery.ErrorCode;
            delivery.UpdatedAt = time.GetUtcNow();
        }

        var counts = await db.SmsDeliveries.Where(d => d.PostId == delivery.PostId && d.Recipient != delivery.Recipient)
            .GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(params string[] states) => counts.Where(c => states.Contains(c.Key)).Sum(c => c.Count) + (states.Contains(delivery.Status) ? 1 : 0);
        db.Outbox.Publish(new SmsDeliveryUpdated(
            delivery.PostId, delivery.IncidentId, counts.Sum(c => c.Count) + 1, Count("delivered"), Count("undelivered", "failed"),
            Count("attempted", "queued", "sending", "sent", "accepted", "scheduled"), time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }
}
