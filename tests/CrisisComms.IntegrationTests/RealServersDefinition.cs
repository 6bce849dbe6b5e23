using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.IntegrationTests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
