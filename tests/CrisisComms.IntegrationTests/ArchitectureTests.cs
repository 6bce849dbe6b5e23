using System.Reflection;
using CrisisComms.Platform.Messaging;
using MassTransit;
using NetArchTest.Rules;
using Xunit;

namespace CrisisComms.IntegrationTests;

/// <summary>The shape DESIGN.md promises, kept by a test rather than by memory.</summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Contracts = typeof(Contracts.Incidents.IncidentOpened).Assembly;
    private static readonly Assembly Platform = typeof(Platform.Hosting.PlatformBuilder).Assembly;

    private static readonly string[] ServiceAssemblies =
    [
        "CrisisComms.Drafting", "CrisisComms.Publishing", "CrisisComms.Monitoring", "CrisisComms.Triage", "CrisisComms.OnCall", "CrisisComms.Web",
    ];

    public static TheoryData<string> Services => new(ServiceAssemblies);

    private static Assembly Load(string name) => Assembly.Load(name);

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_library_references_only_Contracts_and_Platform_of_ours(string service)
    {
        var ours = Load(service).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("CrisisComms.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["CrisisComms.Contracts", "CrisisComms.Platform"], ours);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void No_service_type_depends_on_another_service(string service)
    {
        var others = ServiceAssemblies.Where(s => s != service).ToArray();

        var result = Types.InAssembly(Load(service)).ShouldNot().HaveDependencyOnAny(others).GetResult();

        Assert.True(result.IsSuccessful, $"{service} depends on another service: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_shows_the_host_only_its_entry_point(string service)
    {
        var exported = Load(service).GetExportedTypes()
            .Where(t => !t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Migrations.Migration))
                && !t.IsSubclassOf(typeof(Microsoft.EntityFrameworkCore.Infrastructure.ModelSnapshot)))
            .Select(t => t.Name);

        Assert.Equal([$"{service["CrisisComms.".Length..]}Extensions"], exported);
    }

    [Fact]
    public void Contracts_depend_on_nothing_and_are_records()
    {
        Assert.DoesNotContain(Contracts.GetReferencedAssemblies(), a => !a.Name!.StartsWith("System", StringComparison.Ordinal));
        var messages = Contracts.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false });
        Assert.All(messages, t => Assert.NotNull(t.GetMethod("<Clone>$")));
    }

    [Fact]
    public void Platform_references_no_service()
    {
        var ours = Platform.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("CrisisComms.", StringComparison.Ordinal));

        Assert.Equal(["CrisisComms.Contracts"], ours);
    }

    [Fact]
    public void Every_consumer_has_its_own_queue_named_after_its_service()
    {
        var consumers = ServiceAssemblies.Select(Load)
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)))
            .ToList();
        var names = consumers.Select(c => (Consumer: c, Endpoint: ServiceEndpointNameFormatter.ForConsumer(c))).ToList();

        Assert.NotEmpty(consumers);
        Assert.All(names, n => Assert.StartsWith(CrisisComms.Platform.Hosting.ServiceNames.OwnerOf(n.Consumer) + "-", n.Endpoint, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Select(n => n.Endpoint).Distinct().Count());
    }

    [Fact]
    public void Every_consumer_applies_each_message_once_through_the_inbox()
    {
        foreach (var service in ServiceAssemblies.Select(Load))
        {
            var result = Types.InAssembly(service)
                .That().ImplementInterface(typeof(IConsumer<>))
                .Should().Inherit(typeof(IdempotentConsumer<,>))
                .Or().HaveDependencyOn(typeof(Inbox).FullName)
                .Or().HaveCustomAttribute(typeof(ReadOnlyConsumerAttribute))
                .Or().HaveCustomAttribute(typeof(IdempotentByAttribute))
                .GetResult();

            Assert.True(result.IsSuccessful, $"consumers bypassing the inbox: {string.Join(", ", result.FailingTypeNames ?? [])}");
        }
    }
}
