using Xunit;

namespace CrisisComms.Testing.Infrastructure;

/// <summary>
/// One Prism per test class (<c>IClassFixture&lt;TwilioPrism&gt;</c>): it takes seconds to start, so share it and give
/// each test its own <see cref="PrismViolationGuard"/>. Fails (never skips) when Prism is not installed.
/// </summary>
public abstract class PrismFixture(Func<string> specPath) : IAsyncLifetime
{
    private PrismMock? _mock;

    public PrismMock Mock => _mock ?? throw new InvalidOperationException("Prism has not been started");

    public Uri BaseAddress => Mock.BaseAddress;

    /// <summary>A client for the mock, checked by <paramref name="guard"/>.</summary>
    public HttpClient CreateClient(PrismViolationGuard guard) => Mock.CreateClient(guard);

    public async Task InitializeAsync() => _mock = await PrismMock.StartAsync(specPath());

    public async Task DisposeAsync()
    {
        if (_mock is not null)
        {
            await _mock.DisposeAsync();
        }
    }
}

/// <summary>X API v2, OAuth 1.0a user context accepted (<see cref="PrismSpecs.XOAuth1"/>).</summary>
public sealed class XOAuth1Prism() : PrismFixture(() => PrismSpecs.XOAuth1);

/// <summary>X API v2 as published: bearer / OAuth 2.0 (<see cref="PrismSpecs.X"/>).</summary>
public sealed class XPrism() : PrismFixture(() => PrismSpecs.X);

public sealed class TwilioPrism() : PrismFixture(() => PrismSpecs.Twilio);

public sealed class PagerDutyPrism() : PrismFixture(() => PrismSpecs.PagerDutyEvents);

public sealed class OpsgeniePrism() : PrismFixture(() => PrismSpecs.Opsgenie);
