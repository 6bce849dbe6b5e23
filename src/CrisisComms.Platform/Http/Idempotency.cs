using System.Security.Cryptography;
using System.Text.Json;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Http;

/// <summary>
/// <c>Idempotency-Key</c> on requests that create or send something: the first request's effect and
/// its answer are committed in one transaction; a retry with the same key gets the same answer and
/// does nothing again (an officer double-clicking "publish" on a bad connection posts once).
/// </summary>
public static class Idempotency
{
    public const string Header = "Idempotency-Key";

    /// <summary>Makes this endpoint honour <c>Idempotency-Key</c>, storing answers in <typeparamref name="TContext"/>.</summary>
    public static RouteHandlerBuilder WithIdempotency<TContext>(this RouteHandlerBuilder builder)
        where TContext : ServiceDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[Header].ToString();
            if (string.IsNullOrEmpty(key))
            {
                return await next(context);
            }

            if (key.Length > 200)
            {
                return ApiProblems.Validation(Header, "is at most 200 characters");
            }

            var db = http.RequestServices.GetRequiredService<TContext>();
            var user = http.RequestServices.GetRequiredService<CurrentUser>();
            var scope = $"{user.Id} {http.Request.Method} {http.Request.Path}";
            var hash = await HashBodyAsync(http.Request);

            await using var transaction = await db.Database.BeginTransactionAsync(http.RequestAborted);
            var earlier = await db.IdempotentRequests.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, http.RequestAborted);
            if (earlier is not null)
            {
                return earlier.RequestHash == hash
                    ? Replay(earlier)
                    : ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "This Idempotency-Key was used for a different request.", $"Use a new key for a new request; '{key}' already answered another body.");
            }

            var result = await next(context);
            var inner = result;
            while (inner is INestedHttpResult nested)
            {
                // Results<A, B> wraps the result actually returned.
                inner = nested.Result;
            }

            if (inner is not IStatusCodeHttpResult { StatusCode: >= 200 and < 300 } success)
            {
                // Failures are not remembered: fixing the request and retrying with the key must work.
                return result;
            }

            var jsonOptions = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            db.IdempotentRequests.Add(new IdempotentRequest
            {
                Scope = scope,
                Key = key,
                RequestHash = hash,
                StatusCode = success.StatusCode ?? StatusCodes.Status200OK,
                Location = inner.GetType().GetProperty("Location")?.GetValue(inner) as string,
                ResponseBody = inner is IValueHttpResult { Value: { } value } ? JsonSerializer.Serialize(value, value.GetType(), jsonOptions) : null,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync(http.RequestAborted);
            await transaction.CommitAsync(http.RequestAborted);
            return result;
        });
        return builder;
    }

    /// <summary>Lets the body be read twice (bound, then hashed) when an idempotency key is present.</summary>
    internal static IApplicationBuilder UseIdempotencyBuffering(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Headers.ContainsKey(Header))
        {
            context.Request.EnableBuffering();
        }

        await next(context);
    });

    private static async Task<string> HashBodyAsync(HttpRequest request)
    {
        if (!request.Body.CanSeek)
        {
            return string.Empty;
        }

        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return Convert.ToHexString(hash);
    }

    private static IResult Replay(IdempotentRequest earlier) => new ReplayedResult(earlier);

    private sealed class ReplayedResult(IdempotentRequest earlier) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = earlier.StatusCode;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (earlier.Location is not null)
            {
                httpContext.Response.Headers.Location = earlier.Location;
            }

            if (earlier.ResponseBody is not null)
            {
                httpContext.Response.ContentType = "application/json; charset=utf-8";
                await httpContext.Response.WriteAsync(earlier.ResponseBody, httpContext.RequestAborted);
            }
        }
    }
}
