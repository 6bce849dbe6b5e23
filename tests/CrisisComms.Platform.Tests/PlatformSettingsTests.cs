using CrisisComms.Platform.Hosting;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace CrisisComms.Platform.Tests;

public sealed class PlatformSettingsTests
{
    private const string Rabbit = "amqp://guest:guest@127.0.0.1:5672/";
    private const string Postgres = "Host=127.0.0.1;Username=postgres;Database=crisiscomms";
    private const string Redis = "127.0.0.1:6379";

    [Fact]
    public void With_nothing_configured_every_service_runs_embedded()
    {
        var settings = Resolve();

        Assert.Equal(InfrastructureMode.Embedded, settings.Mode);
        Assert.True(settings.RunsAll);
        Assert.Equal(ServiceNames.All, settings.Services);
        Assert.Equal(Path.GetFullPath("/srv/app/data"), settings.DataDirectory);
    }

    [Fact]
    public void A_subset_on_the_embedded_bus_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ConfigurationException>(() => Resolve(("CrisisComms:Services", "drafting,triage")));

        Assert.Equal("CrisisComms:Services", e.Key);
        Assert.StartsWith("configuration error: CrisisComms:Services: running a subset (drafting,triage) needs RabbitMQ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_subset_with_connection_strings_runs_on_external_infrastructure_in_catalogue_order()
    {
        var settings = Resolve(
            ("CrisisComms:Services", "triage, drafting"),
            ("ConnectionStrings:rabbitmq", Rabbit),
            ("ConnectionStrings:postgres", Postgres),
            ("ConnectionStrings:redis", Redis));

        Assert.Equal(InfrastructureMode.External, settings.Mode);
        Assert.Equal(["drafting", "triage"], settings.Services);
        Assert.True(settings.Runs("triage"));
        Assert.False(settings.Runs("web"));
    }

    [Theory]
    [InlineData("CrisisComms:Services", "drafting,nonsense", "CrisisComms:Services", "unknown service 'nonsense'")]
    [InlineData("CrisisComms:Infrastructure", "cloud", "CrisisComms:Infrastructure", "'cloud' is not one of auto, embedded, external")]
    public void A_wrong_value_names_its_key(string key, string value, string expectedKey, string expectedProblem)
    {
        var e = Assert.Throws<ConfigurationException>(() => Resolve((key, value)));

        Assert.Equal(expectedKey, e.Key);
        Assert.Contains(expectedProblem, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rabbitmq", null, "ConnectionStrings:rabbitmq")]
    [InlineData("rabbitmq", "http://not-amqp", "ConnectionStrings:rabbitmq")]
    [InlineData("postgres", null, "ConnectionStrings:postgres")]
    [InlineData("postgres", "Host=;Nonsense", "ConnectionStrings:postgres")]
    [InlineData("redis", null, "ConnectionStrings:redis")]
    public void External_infrastructure_needs_all_three_valid_connection_strings(string which, string? value, string expectedKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CrisisComms:Infrastructure"] = "external",
            ["ConnectionStrings:rabbitmq"] = Rabbit,
            ["ConnectionStrings:postgres"] = Postgres,
            ["ConnectionStrings:redis"] = Redis,
        };
        settings[$"ConnectionStrings:{which}"] = value;

        var e = Assert.Throws<ConfigurationException>(() => Resolve([.. settings.Select(s => (s.Key, s.Value))]));

        Assert.Equal(expectedKey, e.Key);
    }

    private static PlatformSettings Resolve(params (string Key, string? Value)[] values) =>
        PlatformSettings.Resolve(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build(),
            "/srv/app");
}
