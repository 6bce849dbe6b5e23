using CrisisComms.Testing.Infrastructure;
using Xunit;

namespace CrisisComms.Publishing.Tests;

[CollectionDefinition(RealServersCollection.Name)]
public sealed class RealServersDefinition : ICollectionFixture<RealServersFixture>;
