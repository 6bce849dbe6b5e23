using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Platform.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
