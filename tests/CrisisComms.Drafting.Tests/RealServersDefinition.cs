using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Drafting.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
