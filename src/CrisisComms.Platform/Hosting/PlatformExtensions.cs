using System.Text.Json.Serialization;
using CrisisComms.Platform.Health;
using CrisisComms.Platform.Http;
using CrisisComms.Platform.Messaging;
using CrisisComms.Platform.Outbox;
using CrisisComms.Platform.Persistence;
using CrisisComms.Platform.Scheduling;
using CrisisComms.Platform.Security;
using CrisisComms.Platform.State;
using CrisisComms.Platform.Telemetry;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Quartz;
using StackExchange.Redis;

namespace CrisisComms.Platform.Hosting;

public static class PlatformExtensions
{
    /// <summary>
    /// Everything every service gets: settings (validated), logs, persistence plumbing, outbox, state
    /// stores, scheduler, health, metrics, problem details and the OpenAPI document.
    /// </summary>
    public static PlatformBuilder AddPlatform(this WebApplicationBuilder builder, string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--services"] = $"{PlatformSettings.Section}:Services",
            ["--infrastructure"] = $"{PlatformSettings.Section}:Infrastructure",
            ["--data"] = $"{PlatformSettings.Section}:DataDirectory",
        });

        var settings = PlatformSettings.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        var platform = new PlatformBuilder(builder, settings);
        var services = builder.Services;

        // First hosted service: schemas before the bus, the scheduler and the web server.
        services.AddSingleton(settings);
        services.AddHostedService<InfrastructureInitializer>();

        ConfigureLogging(builder);
        services.AddSettings<StartupOptions>(StartupOptions.Section);
        services.AddSettings<BusOptions>(BusOptions.Section);
        services.AddSettings<OutboxOptions>(OutboxOptions.Section);
        services.AddSettings<RedisOptions>(RedisOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PlatformMetrics>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();

        services.AddPlatformSecurity(settings);
        AddStateStores(services, settings);
        AddScheduler(services, settings);
        AddTelemetry(services, settings);

        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return platform;
    }

    internal static void UsePlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseIdempotencyBuffering();
        app.MapHealth();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapGet("/api/v1/platform/alerts", (PoisonMessageAlerts alerts) => alerts.Recent)
            .WithName("GetPlatformAlerts")
            .WithSummary("Poison messages this process moved to an error queue, newest first.")
            .RequireAuthorization(Policies.Staff);
        app.MapGet("/api/v1/platform/info", (PlatformSettings s) => new
        {
            services = s.Services,
            infrastructure = s.Mode.ToString().ToLowerInvariant(),
            instance = s.InstanceId,
        }).WithName("GetPlatformInfo");
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        var format = builder.Configuration[$"{PlatformSettings.Section}:LogFormat"]?.ToLowerInvariant() ?? "json";
        switch (format)
        {
            case "json":
                builder.Logging.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                break;
            case "text":
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                });
                break;
            default:
                throw new ConfigurationException($"{PlatformSettings.Section}:LogFormat", $"'{format}' is not one of json, text");
        }

        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        // Quiet defaults wherever the process starts (configuration can still turn them up).
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("MassTransit", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
    }

    private static void AddStateStores(IServiceCollection services, PlatformSettings settings)
    {
        if (settings.IsEmbedded)
        {
            services.AddSingleton(sp => new EmbeddedStateStore(
                DatabaseConnections.SqliteFile(settings, "state"),
                sp.GetRequiredService<TimeProvider>()));
            Forward<EmbeddedStateStore>(services);
            return;
        }

        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(settings.Redis!);
            // Start even while Redis is down; reconnect in the background (losing Redis degrades, never stops).
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 5000;
            options.SyncTimeout = 5000;
            options.AsyncTimeout = 5000;
            options.ClientName = $"crisiscomms-{settings.InstanceId}";
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddSingleton(sp => new RedisStateStore(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<IOptions<RedisOptions>>().Value.KeyPrefix));
        Forward<RedisStateStore>(services);
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
    }

    private static void Forward<TStore>(IServiceCollection services)
        where TStore : class, IDedupeStore, ICursorStore, ILeaseLock, IRateLimiter, ICounterStore
    {
        services.AddSingleton<IDedupeStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ICursorStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ILeaseLock>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IRateLimiter>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<ICounterStore>(sp => sp.GetRequiredService<TStore>());
    }

    private static void AddScheduler(IServiceCollection services, PlatformSettings settings)
    {
        services.AddQuartz(q =>
        {
            // One scheduler cluster for every process: its only job publishes a message, which the
            // owning service receives over the bus, so any replica can fire any schedule.
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "crisiscomms";
                s.InstanceId = settings.InstanceId;
                // A trigger scheduled by another replica is seen within this long.
                s.IdleWaitTime = TimeSpan.FromSeconds(5);
            });
            q.UsePersistentStore(store =>
            {
                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
                if (settings.IsEmbedded)
                {
                    store.UseSqlite(DatabaseConnections.Sqlite(settings, "scheduler"));
                }
                else
                {
                    store.UsePostgres(settings.Postgres!);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(5);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                    });
                }
            });
        });
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddSingleton<IMessageSchedule, QuartzMessageSchedule>();
    }

    private static void AddTelemetry(IServiceCollection services, PlatformSettings settings)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(
                serviceName: "crisiscomms",
                serviceInstanceId: settings.InstanceId))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(InstrumentationOptions.MeterName, PlatformMetrics.MeterName)
                .AddPrometheusExporter());
    }
}
