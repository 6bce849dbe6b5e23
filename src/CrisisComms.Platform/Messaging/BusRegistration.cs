using CrisisComms.Platform.Hosting;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrisisComms.Platform.Messaging;

/// <summary>
/// The one <c>AddMassTransit</c> of the process (calling it per module breaks from MassTransit 8.3.3):
/// every service contributes its consumers; the transport follows the infrastructure mode.
/// </summary>
internal static class BusRegistration
{
    public static void AddBus(
        IServiceCollection services,
        PlatformSettings settings,
        IReadOnlyList<Action<IBusRegistrationConfigurator>> contributions,
        bool testHarness)
    {
        services.AddSingleton<PoisonMessageAlerts>();
        services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });

        void Configure(IBusRegistrationConfigurator x)
        {
            x.SetEndpointNameFormatter(ServiceEndpointNameFormatter.Instance);
            foreach (var contribute in contributions)
            {
                contribute(x);
            }

            x.AddConfigureEndpointsCallback((context, _, endpoint) => ConfigureEndpoint(context, endpoint));

            if (settings.IsEmbedded)
            {
                x.UsingInMemory((context, bus) =>
                {
                    bus.UseConsumeFilter(typeof(LogScopeFilter<>), context);
                    bus.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingRabbitMq((context, bus) =>
                {
                    bus.Host(new Uri(settings.RabbitMq!), h =>
                    {
                        h.ConnectionName($"crisiscomms-{settings.InstanceId}");
                        h.PublisherConfirmation = true;
                        h.RequestedConnectionTimeout(TimeSpan.FromSeconds(10));
                        h.ContinuationTimeout(TimeSpan.FromSeconds(20));
                        h.Heartbeat(TimeSpan.FromSeconds(10));
                    });

                    // The error queue is declared at start-up as the quorum queue's dead-letter target
                    // (below); the copy MassTransit declares lazily must match it, minus the DLX.
                    bus.SendTopology.ConfigureErrorSettings = s => s.SetQueueArgument("x-dead-letter-exchange", null!);
                    bus.UseConsumeFilter(typeof(LogScopeFilter<>), context);
                    bus.ConfigureEndpoints(context);
                });
            }
        }

        if (testHarness)
        {
            services.AddMassTransitTestHarness(Configure);
        }
        else
        {
            services.AddMassTransit(Configure);
        }
    }

    private static void ConfigureEndpoint(IRegistrationContext context, IReceiveEndpointConfigurator endpoint)
    {
        var options = context.GetRequiredService<IOptions<BusOptions>>().Value;
        var alerts = context.GetRequiredService<PoisonMessageAlerts>();

        // A consumer definition may have raised it (a batch consumer needs its batches' worth): never lower it.
        endpoint.ConcurrentMessageLimit = Math.Max(options.ConcurrentMessageLimit, endpoint.ConcurrentMessageLimit ?? 0);
        if (options.Retries > 0)
        {
            endpoint.UseMessageRetry(r => r.Exponential(
                options.Retries, options.RetryMinInterval, options.RetryMaxInterval, options.RetryMinInterval));
        }

        // Replacing the error pipe replaces its defaults, so they are added back around the alert.
        endpoint.ConfigureError(e =>
        {
            e.UseFilter(new GenerateFaultFilter());
            e.UseFilter(new ErrorTransportFilter());
            e.UseFilter(new PoisonMessageAlertFilter(alerts));
        });

        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // Never fewer messages fetched than the endpoint works on at once.
            rabbit.PrefetchCount = Math.Max(options.PrefetchCount, endpoint.ConcurrentMessageLimit ?? 0);
            rabbit.SetQuorumQueue();
            rabbit.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
            var errorQueue = $"{rabbit.InputAddress.AbsolutePath.Trim('/').Split('/')[^1]}_error";
            rabbit.BindDeadLetterQueue(errorQueue, errorQueue, q =>
            {
                q.SetQuorumQueue();
                q.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
            });
        }
    }
}
