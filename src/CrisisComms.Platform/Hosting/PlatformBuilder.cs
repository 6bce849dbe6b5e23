using CrisisComms.Platform.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Hosting;

/// <summary>
/// What the host is assembling: the platform, the services chosen for this process, and their
/// consumers, which go into the process's single bus registration at <see cref="Build"/>.
/// </summary>
public sealed class PlatformBuilder
{
    private readonly List<Action<IBusRegistrationConfigurator>> _consumers = [];
    private readonly List<Action<WebApplication>> _maps = [];
    private bool _testHarness;

    internal PlatformBuilder(WebApplicationBuilder builder, PlatformSettings settings)
    {
        Builder = builder;
        Settings = settings;
    }

    public WebApplicationBuilder Builder { get; }

    public IServiceCollection Services => Builder.Services;

    public IConfiguration Configuration => Builder.Configuration;

    public PlatformSettings Settings { get; }

    /// <summary>Adds a service if this process runs it: <paramref name="add"/> now, <paramref name="map"/> once built.</summary>
    public PlatformBuilder AddService(string name, Action<PlatformBuilder> add, Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(add);
        ArgumentNullException.ThrowIfNull(map);
        if (Settings.Runs(name))
        {
            add(this);
            _maps.Add(map);
        }

        return this;
    }

    /// <summary>A service's consumers (and their definitions) for the one bus registration.</summary>
    public PlatformBuilder AddConsumers(Action<IBusRegistrationConfigurator> register)
    {
        _consumers.Add(register);
        return this;
    }

    /// <summary>Tests: register the bus through MassTransit's test harness (same consumers, in-memory transport).</summary>
    public PlatformBuilder UseBusTestHarness()
    {
        _testHarness = true;
        return this;
    }

    /// <summary>Registers the bus with every contributed consumer, builds the app and maps the platform's and services' endpoints.</summary>
    public WebApplication Build()
    {
        BusRegistration.AddBus(Services, Settings, _consumers, _testHarness);
        var app = Builder.Build();

        // Validate every setting now, so a bad one is reported as one line by the caller rather than
        // logged with a stack trace by the host as it fails to start.
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        app.UsePlatform();
        foreach (var map in _maps)
        {
            map(app);
        }

        return app;
    }
}
