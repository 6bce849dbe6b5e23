using System.Net;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using Xunit;

namespace CrisisComms.IntegrationTests;

/// <summary>What every process serves besides its API: health, metrics, the OpenAPI document.</summary>
public sealed class PlatformEndpointsTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async Task InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Live_and_ready_answer_with_each_check_named()
    {
        using var live = await _host.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        var ready = await _host.Client.GetJsonAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", ready.Text("status"));
        var checks = ready.GetProperty("checks").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Contains("masstransit-bus", checks);
        Assert.All(["drafting", "publishing", "monitoring", "triage", "oncall", "web"], s => Assert.Contains($"database-{s}", checks));
    }

    [Fact]
    public async Task Metrics_are_in_Prometheus_format_with_the_platform_and_bus_instruments()
    {
        await _host.Client.PostJsonAsync("/api/v1/incidents", new { title = "Metrics check" });

        var metrics = await Eventually.GetAsync(
            () => _host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)),
            m => m.Contains("crisiscomms_outbox_dispatched_total{", StringComparison.Ordinal)
                && m.Contains("messaging_masstransit_", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "outbox and MassTransit metrics exported");

        Assert.Contains("# TYPE crisiscomms_outbox_dispatched_total counter", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_service_area()
    {
        var document = await _host.Client.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(
            ["/api/v1/incidents", "/api/v1/posts", "/api/v1/publishing/sandbox", "/api/v1/monitoring/watches", "/api/v1/triage/items", "/api/v1/oncall/pages", "/api/v1/dashboard/incidents"],
            p => Assert.Contains(p, paths));
    }
}
