using CrisisComms.Platform.Hosting;
using Yarp.ReverseProxy.Configuration;

namespace CrisisComms.Web.Gateway;

/// <summary>
/// The YARP routes of a split deployment: every API area whose owner runs elsewhere goes to that
/// owner's configured address. In one process there is nothing to route.
/// </summary>
internal static class GatewayRoutes
{
    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(
        PlatformSettings settings, IReadOnlyDictionary<string, string> addresses)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (service, address) in addresses)
        {
            var owner = service.ToLowerInvariant();
            if (!ServiceNames.All.Contains(owner))
            {
                throw new ConfigurationException($"{WebOptions.Section}:Routes:{service}", $"'{service}' is not a service (known: {string.Join(", ", ServiceNames.All)})");
            }

            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ConfigurationException($"{WebOptions.Section}:Routes:{service}", $"'{address}' is not an absolute http(s) address");
            }

            if (settings.Runs(owner))
            {
                continue;
            }

            clusters.Add(new ClusterConfig
            {
                ClusterId = owner,
                Destinations = new Dictionary<string, DestinationConfig> { [owner] = new() { Address = uri.ToString() } },
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) },
            });

            foreach (var prefix in ServiceNames.PublicPathOwners.Where(p => p.Value == owner).Select(p => p.Key))
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"{owner}-{prefix.Trim('/').Replace('/', '-')}",
                    ClusterId = owner,
                    Match = new RouteMatch { Path = $"{prefix}/{{**rest}}" },
                });
            }

            foreach (var area in ServiceNames.AreaOwners.Where(a => a.Value == owner).Select(a => a.Key))
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"{owner}-{area}",
                    ClusterId = owner,
                    Match = new RouteMatch { Path = $"/api/v1/{area}/{{**rest}}" },
                });
                routes.Add(new RouteConfig
                {
                    RouteId = $"{owner}-{area}-root",
                    ClusterId = owner,
                    Match = new RouteMatch { Path = $"/api/v1/{area}" },
                });
            }
        }

        return (routes, clusters);
    }
}
