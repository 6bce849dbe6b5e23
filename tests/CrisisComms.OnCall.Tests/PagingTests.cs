using System.Net;
using CrisisComms.Contracts.OnCall;
using CrisisComms.Contracts.Triage;
using CrisisComms.Testing;
using CrisisComms.Testing.Hosts;
using MassTransit.Testing;
using Xunit;

namespace CrisisComms.OnCall.Tests;

public sealed class PagingTests : HostedTest
{
    protected override void Configure(ServiceHostOptions options) =>
        options.Settings["CrisisComms:OnCall:FallbackRecipient"] = "duty-officer@dcc.example";

    [Fact]
    public async Task A_breached_SLA_pages_the_person_on_duty_once_per_item()
    {
        var breach = new SlaBreached(Guid.NewGuid(), Guid.NewGuid(), "Critical", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        var consumed = ConsumeCounter.On(Host.Harness.Bus);

        await Host.Harness.Bus.Publish(breach);
        await Host.Harness.Bus.Publish(breach);

        await Eventually.TrueAsync(() => Task.FromResult(consumed.Of<SlaBreached>() >= 2), Patience, "both breaches consumed");
        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == breach.ItemId));
        var page = Assert.Single(Host.Harness.Published.Select<PageSent>(m => m.Context.Message.SubjectId == breach.ItemId)).Context.Message;
        Assert.Equal("duty-officer@dcc.example", page.Recipient);
        Assert.Equal(breach.IncidentId, page.IncidentId);
    }

    [Fact]
    public async Task An_acknowledgement_is_recorded_with_who_and_when()
    {
        var breach = new SlaBreached(Guid.NewGuid(), null, "High", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
        await Host.Harness.Bus.Publish(breach);
        Assert.True(await Host.Harness.Published.Any<PageSent>(m => m.Context.Message.SubjectId == breach.ItemId));
        var pageId = Host.Harness.Published.Select<PageSent>(m => m.Context.Message.SubjectId == breach.ItemId).Single().Context.Message.PageId;

        var acknowledged = await Host.Client.PostJsonAsync($"/api/v1/oncall/pages/{pageId}/acknowledge", new { by = "Sam Duty" }, HttpStatusCode.OK);

        Assert.Equal("Sam Duty", acknowledged.Text("acknowledgedBy"));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, acknowledged.GetProperty("acknowledgedAt").ValueKind);
    }

    [Fact]
    public async Task An_acknowledgement_must_say_who()
    {
        var problem = await Host.Client.PostJsonAsync($"/api/v1/oncall/pages/{Guid.NewGuid()}/acknowledge", new { by = "" }, HttpStatusCode.BadRequest);

        problem.AssertProblem("validation", 400);
    }
}
