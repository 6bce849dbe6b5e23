using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrisisComms.Testing.Fakes;

/// <summary>What a fake third-party API does to the next requests: fail, rate-limit, or take the request and drop the answer.</summary>
public sealed class FakeFaults
{
    private int _failures;
    private int _failureStatus;
    private int _rateLimited;
    private TimeSpan _reset;
    private TaskCompletionSource _gate = Open();
    private int _held;

    /// <summary>Take the request (do its effect) but never answer: the connection is cut, as when a response is lost.</summary>
    public bool DropResponses { get; set; }

    public void FailNext(int count, int status)
    {
        _failureStatus = status;
        Interlocked.Exchange(ref _failures, count);
    }

    public void RateLimitNext(int count, TimeSpan reset)
    {
        _reset = reset;
        Interlocked.Exchange(ref _rateLimited, count);
    }

    /// <summary>Requests that honour the gate wait (counted in <see cref="Held"/>) until <see cref="Release"/>: a slow channel, made deterministic.</summary>
    public void Hold()
    {
        if (_gate.Task.IsCompleted)
        {
            Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    public void Release() => _gate.TrySetResult();

    /// <summary>Requests waiting at the gate now.</summary>
    public int Held => Volatile.Read(ref _held);

    internal async Task PassGateAsync()
    {
        var gate = Volatile.Read(ref _gate);
        if (gate.Task.IsCompleted)
        {
            return;
        }

        Interlocked.Increment(ref _held);
        try
        {
            await gate.Task;
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    internal bool TakeFailure(out int status)
    {
        status = _failureStatus;
        return Take(ref _failures);
    }

    internal bool TakeRateLimit(out TimeSpan reset)
    {
        reset = _reset;
        return Take(ref _rateLimited);
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static bool Take(ref int remaining)
    {
        while (true)
        {
            var n = Volatile.Read(ref remaining);
            if (n <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref remaining, n - 1, n) == n)
            {
                return true;
            }
        }
    }
}

/// <summary>
/// A third-party API faked on 127.0.0.1 (Kestrel on a free port), following the official spec of the
/// real one closely enough that an adapter that works against it works against the real thing.
/// Every request is recorded; requests that break the spec are answered as the real API would.
/// </summary>
public abstract class FakeApi : IAsyncDisposable
{
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public FakeFaults Faults { get; } = new();

    /// <summary>Method, path and query of every request, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Spec violations found in our requests (the test fails on any).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    protected async Task StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await next(context);
        });
        Map(_app);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    protected abstract void Map(WebApplication app);

    protected void Violation(string what) => Violations.Enqueue(what);

    /// <summary>Applies the configured faults; returns a result to answer instead, or null to go on.</summary>
    protected IResult? Fault(HttpContext context, Func<TimeSpan, IResult> rateLimited)
    {
        if (Faults.TakeFailure(out var status))
        {
            return Results.StatusCode(status);
        }

        return Faults.TakeRateLimit(out var reset) ? rateLimited(reset) : null;
    }

    /// <summary>After the effect: with <see cref="FakeFaults.DropResponses"/> the answer is lost (the connection is cut).</summary>
    protected IResult Answer(HttpContext context, IResult result)
    {
        if (Faults.DropResponses)
        {
            context.Abort();
            return Results.Empty;
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
