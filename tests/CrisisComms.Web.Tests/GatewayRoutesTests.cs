using CrisisComms.Platform.Hosting;
using CrisisComms.Web.Gateway;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed class GatewayRoutesTests
{
    private static readonly PlatformSettings WebAlone = PlatformSettings.Resolve(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CrisisComms:Services"] = "web",
            ["ConnectionStrings:rabbitmq"] = "amqp://guest:guest@rabbitmq/",
            ["ConnectionStrings:postgres"] = "Host=postgres;Username=cc;Database=cc",
            ["ConnectionStrings:redis"] = "redis:6379",
        }).Build(),
        "/");

    [Fact]
    public void Split_the_web_service_routes_each_area_to_its_owner()
    {
        var (routes, clusters) = GatewayRoutes.Build(WebAlone, new Dictionary<string, string>
        {
            ["drafting"] = "http://drafting:8080",
            ["triage"] = "http://triage:8080",
        });

        Assert.Equal(["drafting", "triage"], clusters.Select(c => c.ClusterId).Order());
        Assert.Contains(routes, r => r.ClusterId == "drafting" && r.Match.Path == "/api/v1/incidents/{**rest}");
        Assert.Contains(routes, r => r.ClusterId == "drafting" && r.Match.Path == "/api/v1/posts");
        Assert.Contains(routes, r => r.ClusterId == "triage" && r.Match.Path == "/api/v1/triage/{**rest}");
        Assert.DoesNotContain(routes, r => r.Match.Path!.StartsWith("/api/v1/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public void A_service_running_in_this_process_is_not_routed()
    {
        var all = PlatformSettings.Resolve(new ConfigurationBuilder().Build(), "/");

        var (routes, clusters) = GatewayRoutes.Build(all, new Dictionary<string, string> { ["drafting"] = "http://drafting:8080" });

        Assert.Empty(routes);
        Assert.Empty(clusters);
    }

    [Theory]
    [InlineData("drafing", "http://drafting:8080", "CrisisComms:Web:Routes:drafing")]
    [InlineData("drafting", "drafting:8080", "CrisisComms:Web:Routes:drafting")]
    public void A_wrong_route_names_its_key(string service, string address, string key)
    {
        var e = Assert.Throws<ConfigurationException>(() => GatewayRoutes.Build(WebAlone, new Dictionary<string, string> { [service] = address }));

        Assert.Equal(key, e.Key);
    }
}
