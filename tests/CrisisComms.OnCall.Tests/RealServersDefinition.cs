using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.OnCall.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
