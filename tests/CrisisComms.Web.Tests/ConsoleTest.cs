using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using CrisisComms.Web.Api;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CrisisComms.Web.Tests;

/// <summary>
/// A whole server whose console pages reach the API through the test server (in production they call
/// the process's own address, or the owning service's when split).
/// </summary>
public abstract class ConsoleTest : HostedTest
{
    protected override void Configure(ServiceHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Settings["CrisisComms:Web:ApiBaseAddress"] = "http://localhost/";
        options.ConfigureServices = services => services.AddHttpClient(ApiClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
    }

    /// <summary>Opens an incident through drafting's API (as an officer would) and waits for the dashboard to know it.</summary>
    protected async Task<Guid> OpenIncidentAsync(string title, string shortName)
    {
        var opened = await Host.Client.PostJsonAsync("/api/v1/incidents", new { title, shortName, severity = "Major", areas = new[] { "Exeter" }, acceptHashtagInUse = true });
        var id = opened.Id();
        await Eventually.TrueAsync(async () => (await Host.Client.GetAsync(new Uri($"/api/v1/dashboard/incidents/{id}", UriKind.Relative))).IsSuccessStatusCode, Patience, "incident projected");
        return id;
    }
}
