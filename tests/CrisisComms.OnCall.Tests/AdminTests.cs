using System.Net;
using CrisisComms.Platform.Security;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using Xunit;

namespace CrisisComms.OnCall.Tests;

/// <summary>People, rotas, overrides, swaps, policies and calendar feeds through the admin API.</summary>
public sealed class AdminTests : HostedTest
{
    private readonly CapturedLogs _logs = new();

    protected override void Configure(ServiceHostOptions options) => options.Logs = _logs;

    [Fact]
    public async Task Bad_requests_get_problems_naming_each_field()
    {
        var person = await Host.Client.PostJsonAsync("/api/v1/oncall/people", new { name = "", contactMethods = new object[] { new { kind = "webhook", address = "not a url" }, new { kind = "pager" } } }, HttpStatusCode.BadRequest);
        var rota = await Host.Client.PostJsonAsync("/api/v1/oncall/rotas", new { name = "R", timeZone = "Mars/Olympus", layers = new[] { new { name = "L", rotation = "hourly", handoverTime = "25:00", members = new[] { Guid.NewGuid() } } } }, HttpStatusCode.BadRequest);

        var personErrors = person.AssertProblem("validation", 400).GetProperty("errors");
        Assert.True(personErrors.TryGetProperty("name", out _));
        Assert.True(personErrors.TryGetProperty("contactMethods[0].address", out _));
        Assert.True(personErrors.TryGetProperty("contactMethods[0].secrets", out _));
        Assert.True(personErrors.TryGetProperty("contactMethods[1].kind", out _));
        var rotaErrors = rota.AssertProblem("validation", 400).GetProperty("errors");
        foreach (var field in new[] { "timeZone", "layers[0].rotation", "layers[0].startDate", "layers[0].handoverTime", "layers[0].members" })
        {
            Assert.True(rotaErrors.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Staff_read_and_only_admins_change()
    {
        using var officer = Host.ClientAs("olu", Roles.Officer);
        using var partner = Host.ClientAs("pat", Roles.Partner);

        using var create = await officer.PostAsync(new Uri("/api/v1/oncall/people", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { name = "X" }));
        using var read = await officer.GetAsync(new Uri("/api/v1/oncall/now", UriKind.Relative));
        using var partnerRead = await partner.GetAsync(new Uri("/api/v1/oncall/people", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, partnerRead.StatusCode);
    }

    [Fact]
    public async Task Secrets_are_write_only_kept_on_update_and_never_logged()
    {
        const string key = "R0UT1NGK3Y0123456789abcdef012345";
        const string secret = "whsec-do-not-show-0123456789";
        var id = await Host.Client.PersonAsync("Ann Duty",
            new { kind = "pagerduty", routingKey = key },
            new { kind = "webhook", address = "https://pager.dcc.example/hook", secrets = new[] { secret } });

        // Same kinds and addresses without secrets: the stored ones are kept.
        var updated = await Host.Client.SendJsonAsync(HttpMethod.Put, $"/api/v1/oncall/people/{id}", new
        {
            name = "Ann Duty",
            contactMethods = new object[] { new { kind = "pagerduty" }, new { kind = "webhook", address = "https://pager.dcc.example/hook" } },
        });
        using var raw = await Host.Client.GetAsync(new Uri($"/api/v1/oncall/people/{id}", UriKind.Relative));
        var text = await raw.Content.ReadAsStringAsync();

        Assert.Equal(["routingKey"], updated.GetProperty("contactMethods")[0].GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, updated.GetProperty("contactMethods")[1].GetProperty("signingSecrets").GetInt32());
        Assert.DoesNotContain(key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(key, StringComparison.Ordinal) || l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Who_is_on_call_follows_overrides_and_swaps()
    {
        var now = DateTimeOffset.UtcNow;
        var ann = await Host.Client.PersonAsync("Ann Duty", OnCallApi.Sandbox());
        var ben = await Host.Client.PersonAsync("Ben Backup", OnCallApi.Sandbox());
        var cat = await Host.Client.PersonAsync("Cat Cover", OnCallApi.Sandbox());
        var rota = await Host.Client.RotaAsync(now, ("Duty officer", "daily", [ann, ben]));
        var shifts = await Host.Client.GetJsonAsync($"/api/v1/oncall/rotas/{rota}/shifts?from={Q(now)}&to={Q(now.AddDays(3))}");
        var first = shifts[0];
        var second = shifts[1];
        Assert.Equal(9, first.GetProperty("endLocal").GetDateTimeOffset().Hour);

        await Host.Client.PostJsonAsync($"/api/v1/oncall/rotas/{rota}/overrides", new { layer = 0, personId = cat, startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1), reason = "dentist" });
        var covered = await Host.Client.GetJsonAsync($"/api/v1/oncall/rotas/{rota}/on-call");
        Assert.Equal("Cat Cover", covered.GetProperty("layers")[0].Text("personName"));
        Assert.True(covered.GetProperty("layers")[0].GetProperty("override").GetBoolean());

        var swapped = await Host.Client.PostJsonAsync($"/api/v1/oncall/rotas/{rota}/swaps", new
        {
            layer = 0,
            shiftAt = second.GetProperty("start").GetDateTimeOffset().AddHours(1),
            withShiftAt = second.GetProperty("end").GetDateTimeOffset().AddHours(1),
            reason = "swap",
        });
        Assert.Equal(2, swapped.GetArrayLength());
        var at = second.GetProperty("start").GetDateTimeOffset().AddHours(2);
        var later = await Host.Client.GetJsonAsync($"/api/v1/oncall/rotas/{rota}/on-call?at={Q(at)}");
        Assert.NotEqual(second.Text("personName"), later.GetProperty("layers")[0].Text("personName"));

        var whoNow = await Host.Client.GetJsonAsync("/api/v1/oncall/now");
        Assert.Equal("Comms duty rota", whoNow.GetProperty("rotas")[0].Text("rotaName"));
    }

    [Fact]
    public async Task A_calendar_feed_is_readable_by_its_secret_URL_until_revoked_and_only_its_owner_or_an_admin_makes_one()
    {
        var ann = await Host.Client.PostJsonAsync("/api/v1/oncall/people", new { name = "Ann Duty", userId = "ann-user", contactMethods = new[] { OnCallApi.Sandbox() } });
        var rota = await Host.Client.RotaAsync(DateTimeOffset.UtcNow, ("Duty officer", "weekly", [ann.Id()]));
        using var annClient = Host.ClientAs("ann-user", Roles.Officer);
        using var someoneElse = Host.ClientAs("bob-user", Roles.Officer);

        var me = await annClient.GetJsonAsync("/api/v1/oncall/me");
        Assert.Equal("Ann Duty", me.GetProperty("person").Text("name"));
        Assert.True(me.GetProperty("shifts").GetArrayLength() >= 1);
        (await someoneElse.GetJsonAsync("/api/v1/oncall/me", HttpStatusCode.NotFound)).AssertProblem("not-on-call-list", 404);

        var feed = await annClient.PostJsonAsync($"/api/v1/oncall/people/{ann.Id()}/calendar-feeds", new { });
        using var denied = await someoneElse.PostAsync(new Uri($"/api/v1/oncall/people/{ann.Id()}/calendar-feeds", UriKind.Relative), null);
        var url = new Uri(feed.Text("url"));
        using var calendar = await Host.AnonymousClient.GetAsync(new Uri(url.PathAndQuery, UriKind.Relative));
        var ics = await calendar.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
        Assert.Equal("text/calendar", calendar.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:On call: Duty officer (Comms duty rota)\r\n", ics, StringComparison.Ordinal);
        Assert.True(ics.Split("BEGIN:VEVENT").Length > 10);

        var rotaFeed = await Host.Client.PostJsonAsync($"/api/v1/oncall/rotas/{rota}/calendar-feeds", new { });
        using var rotaCalendar = await Host.AnonymousClient.GetAsync(new Uri(new Uri(rotaFeed.Text("url")).PathAndQuery, UriKind.Relative));
        Assert.Contains("SUMMARY:Duty officer: Ann Duty\r\n", await rotaCalendar.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var revoke = await annClient.DeleteAsync(new Uri($"/api/v1/oncall/calendar-feeds/{feed.Id()}", UriKind.Relative));
        using var gone = await Host.AnonymousClient.GetAsync(new Uri(url.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    private static string Q(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));
}
