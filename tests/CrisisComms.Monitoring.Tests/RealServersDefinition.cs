using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Monitoring.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
