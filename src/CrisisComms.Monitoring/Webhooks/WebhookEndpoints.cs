using System.Security.Cryptography;
using System.Text;
using CrisisComms.Monitoring.Sources;
using CrisisComms.Platform.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CrisisComms.Monitoring.Webhooks;

/// <summary>
/// Inbound webhooks, anonymous but signed: the body is read raw and bounded (a larger one is refused
/// before any parsing), the provider's signature checked over those exact bytes, and only then read.
/// </summary>
internal static class WebhookEndpoints
{
    private const string EmptyTwiml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api/v1/monitoring/webhooks").WithTags("Monitoring webhooks").AllowAnonymous().DisableAntiforgery();
        hooks.MapGet("/facebook", VerifyFacebook).WithName("VerifyFacebookWebhook")
            .WithSummary("Meta's subscription check: echoes hub.challenge when hub.verify_token is ours.");
        hooks.MapPost("/facebook", (HttpContext http, WebhookIntake intake, IOptions<MonitoringOptions> options, CancellationToken ct) =>
            ReceiveAsync(http, intake, SourceTypes.FacebookWebhook, AccountTypes.Facebook, options.Value.WebhookMaxBytes, twiml: false, ct))
            .WithName("ReceiveFacebookWebhook")
            .WithSummary("Meta page webhooks (feed: comments, visitor posts), checked with X-Hub-Signature-256.");
        hooks.MapPost("/twilio/sms", (HttpContext http, WebhookIntake intake, IOptions<MonitoringOptions> options, CancellationToken ct) =>
            ReceiveAsync(http, intake, SourceTypes.Sms, AccountTypes.Sms, Math.Min(options.Value.WebhookMaxBytes, 64 * 1024), twiml: true, ct))
            .WithName("ReceiveTwilioSms")
            .WithSummary("Twilio's incoming-message webhook, checked with X-Twilio-Signature; answered with empty TwiML.");
    }

    internal static async Task<IResult> VerifyFacebook(HttpContext http, SourceCatalog catalog, CancellationToken cancellationToken)
    {
        var query = http.Request.Query;
        var account = await catalog.AccountAsync(AccountTypes.Facebook, cancellationToken);
        var expected = account?.View.SecretOrNull("verifyToken");
        var given = query["hub.verify_token"].ToString();
        if (query["hub.mode"] != "subscribe" || expected is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
        {
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, "bad-verify-token", "Verification failed.", "hub.mode must be subscribe and hub.verify_token this account's verify token.");
        }

        return Results.Text(query["hub.challenge"].ToString(), "text/plain");
    }

    internal static async Task<IResult> ReceiveAsync(HttpContext http, WebhookIntake intake, string sourceType, string account, int maxBytes, bool twiml, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(http.Request, maxBytes, cancellationToken);
        if (body is null)
        {
            return ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, "too-large", "The body is too large.", $"Webhook bodies are at most {maxBytes} bytes; nothing was read.");
        }

        var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
        WebhookAnswer answer;
        try
        {
            answer = await intake.AcceptAsync(sourceType, account, new WebhookRequest(body, http.Request.Headers, url, http.Request.ContentType), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The bus (or the database) could not take it: the provider delivers again.
            intake.Failed(sourceType, e);
            http.Response.Headers.RetryAfter = "30";
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", "Not taken; deliver again.", $"The delivery could not be stored safely ({e.GetType().Name}).");
        }

        return answer.Result switch
        {
            WebhookResult.Accepted or WebhookResult.Replay => twiml ? Results.Text(EmptyTwiml, "text/xml") : Results.Ok(new { received = answer.Captured + answer.Duplicates, replay = answer.Result == WebhookResult.Replay }),
            WebhookResult.BadSignature => ApiProblems.Problem(StatusCodes.Status403Forbidden, "bad-signature", "Signature check failed.", answer.Problem ?? "The signature does not match the body."),
            WebhookResult.NotConfigured => ApiProblems.Problem(StatusCodes.Status404NotFound, "not-configured", "Not connected.", answer.Problem ?? "This webhook's account is not connected."),
            _ => ApiProblems.Problem(StatusCodes.Status400BadRequest, "bad-webhook", "Not a delivery we can read.", answer.Problem ?? "The body is not what this provider sends."),
        };
    }

    /// <summary>The raw body, or null when it is larger than <paramref name="max"/> (refused from Content-Length alone when it says so).</summary>
    internal static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max + 1L;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }
}
