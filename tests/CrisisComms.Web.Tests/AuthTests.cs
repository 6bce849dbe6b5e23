using System.Net;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using Xunit;

namespace CrisisComms.Web.Tests;

public sealed class AuthTests : HostedTest
{
    private const string Email = "admin@council.test";
    private const string Password = "correct horse battery";

    protected override void Configure(ServiceHostOptions options)
    {
        options.Settings["CrisisComms:Accounts:BootstrapAdminEmail"] = Email;
        options.Settings["CrisisComms:Accounts:BootstrapAdminPassword"] = Password;
    }

    [Fact]
    public async Task A_password_buys_a_token_that_every_service_accepts()
    {
        var issued = await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = Email, password = Password }, HttpStatusCode.OK);
        using var client = Host.AnonymousClient;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/triage/items");
        request.Headers.Authorization = new("Bearer", issued.Text("token"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(ApiTokens.Prefix, issued.Text("token"), StringComparison.Ordinal);
        Assert.Equal(["Admin", "Approver", "Officer"], issued.GetProperty("user").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_whether_the_account_exists()
    {
        var wrong = await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = Email, password = "nope nope nope" }, HttpStatusCode.Unauthorized);
        var unknown = await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = "nobody@council.test", password = "nope nope nope" }, HttpStatusCode.Unauthorized);

        wrong.AssertProblem("invalid-credentials", 401);
        unknown.AssertProblem("invalid-credentials", 401);
        Assert.Equal(wrong.Text("detail"), unknown.Text("detail"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        for (var i = 0; i < 5; i++)
        {
            await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = Email, password = $"guess number {i}" }, HttpStatusCode.Unauthorized);
        }

        var locked = await Host.AnonymousClient.PostJsonAsync("/api/v1/auth/token", new { email = Email, password = Password }, HttpStatusCode.Unauthorized);

        locked.AssertProblem("locked-out", 401);
    }

    [Fact]
    public async Task The_API_needs_a_signed_in_user_and_officer_work_needs_staff()
    {
        var anonymous = await Host.AnonymousClient.GetJsonAsync("/api/v1/incidents", HttpStatusCode.Unauthorized);
        using var partner = Host.ClientAs("pat", Roles.Partner);
        using var forbidden = await partner.GetAsync(new Uri("/api/v1/incidents", UriKind.Relative));
        using var forged = Host.AnonymousClient;
        forged.DefaultRequestHeaders.Authorization = new("Bearer", ApiTokens.Prefix + "AAAAforged");
        using var rejected = await forged.GetAsync(new Uri("/api/v1/incidents", UriKind.Relative));

        Assert.Equal(401, anonymous.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task Health_metrics_and_the_API_description_need_no_sign_in()
    {
        foreach (var path in new[] { "/health/live", "/health/ready", "/metrics", "/openapi/v1.json", "/" })
        {
            using var response = await Host.AnonymousClient.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        }
    }
}
